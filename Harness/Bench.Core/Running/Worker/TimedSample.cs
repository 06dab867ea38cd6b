using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bench.Core.Running.Worker;

/// <summary>
/// One timed loop as a worker reports it: the elements it ran, the timer ticks around it (0 for managed
/// kernels, timed by the monotonic clock alone) and its ns. On the wire it is the array
/// <c>[elements, ticks, ns]</c>, as compact as before it had names.
/// </summary>
[JsonConverter(typeof(TimedSampleConverter))]
public readonly record struct TimedSample(ulong Elements, ulong Ticks, ulong Nanoseconds)
{
    /// <summary>Timer ticks per element: cycles(tsc) of a native sample.</summary>
    public double TicksPerElement => (double)Ticks / Elements;

    public double NanosecondsPerElement => (double)Nanoseconds / Elements;

    /// <summary>cycles(tsc) per element of a sample timed in ns alone (a managed kernel's), at the TSC's rate.</summary>
    public double CyclesPerElementAt(double timerHz) => Nanoseconds * (timerHz / 1e9) / Elements;
}

internal sealed class TimedSampleConverter : JsonConverter<TimedSample>
{
    public override TimedSample Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException("a sample is [elements, ticks, ns]");
        Span<ulong> v = stackalloc ulong[3];
        for (var i = 0; i < 3; i++)
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.Number)
                throw new JsonException("a sample is [elements, ticks, ns]");
            v[i] = reader.GetUInt64();
        }
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            throw new JsonException("a sample is [elements, ticks, ns]");
        return new TimedSample(v[0], v[1], v[2]);
    }

    public override void Write(Utf8JsonWriter writer, TimedSample value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Elements);
        writer.WriteNumberValue(value.Ticks);
        writer.WriteNumberValue(value.Nanoseconds);
        writer.WriteEndArray();
    }
}
