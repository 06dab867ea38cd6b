using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bench.Core.IO;

/// <summary>
/// Text read from a results, comparison or configuration file holds no control or bidirectional
/// character (<see cref="TextSafety"/>): no bench writes one, and an ID or a reason carrying a
/// newline, an escape sequence or U+202E would forge lines on a terminal or in a PR comment. It is
/// refused where it is read, with the character shown.
/// </summary>
public sealed class PrintableStringConverter : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var s = reader.TokenType == JsonTokenType.String ? JsonText.Read(ref reader) : throw new JsonException("a string was expected");
        var at = TextSafety.FirstUnsafe(s);
        return at < 0 ? s : throw new JsonException($"the text \"{TextSafety.Shown(s, 80)}\" holds the control character {TextSafety.Visible(s[at])}, which no bench writes");
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
