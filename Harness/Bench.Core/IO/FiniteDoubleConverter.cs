using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bench.Core.IO;

/// <summary>
/// Numbers read from a file must be finite: 1e400 (which reads as infinity), "Infinity" and "NaN"
/// are refused where they are read, not found later when the file cannot be written back.
/// </summary>
public sealed class FiniteDoubleConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        double value;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetDouble(out value))
                throw new JsonException("a number that cannot be read as a double");
        }
        else if (reader.TokenType == JsonTokenType.String &&
                 double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            value = parsed;
        else
            throw new JsonException("a number was expected");
        return double.IsFinite(value) ? value : throw new JsonException($"a number that is not finite ({value.ToString(CultureInfo.InvariantCulture)}): no bench writes one");
    }

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
