using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bench.Core.IO;

/// <summary>
/// A JSON string as .NET text. A JSON file may hold an escape no UTF-16 string can stand for (a
/// lone surrogate such as <c>"\ud800"</c>): System.Text.Json then throws InvalidOperationException
/// rather than the JsonException that every reader here turns into an error naming the file.
/// <see cref="Read"/> throws the JsonException it is; the others give null, for the caller's own error.
/// </summary>
public static class JsonText
{
    private const string LoneSurrogate = "a string escapes half of a UTF-16 surrogate pair (e.g. \\ud800 alone), which is no text";

    public static string Read(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException) when (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
        {
            throw new JsonException(LoneSurrogate);
        }
    }

    /// <summary>The element's text, or null when it is not a string or is no text.</summary>
    public static string? TryOf(JsonElement element)
    {
        try
        {
            return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The value's text, or null when it is not a string or is no text.</summary>
    public static string? TryOf(JsonValue value)
    {
        try
        {
            return value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
