using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bench.Core.IO;

/// <summary>
/// Enums as camelCase names, read strictly: one name of the enum (any case), never a number and
/// never a comma-separated list ("slower, faster" would otherwise read as one of them).
/// </summary>
public sealed class StrictEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly Dictionary<string, T> Names = Enum.GetValues<T>()
            .ToDictionary(v => JsonNamingPolicy.CamelCase.ConvertName(v.ToString()), v => v, StringComparer.OrdinalIgnoreCase);

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
                throw new JsonException($"{typeof(T).Name} must be a string, one of {string.Join(", ", Names.Keys)}");
            var text = JsonText.Read(ref reader);
            return Names.TryGetValue(text, out var value)
                ? value
                : throw new JsonException($"'{text}' is not a {typeof(T).Name}: one of {string.Join(", ", Names.Keys)}");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(JsonNamingPolicy.CamelCase.ConvertName(value.ToString()));
    }
}
