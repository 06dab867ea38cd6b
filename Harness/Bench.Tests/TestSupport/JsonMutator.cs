using System.Globalization;
using System.Text.Json.Nodes;

namespace Bench.Tests.TestSupport;

/// <summary>
/// Seeded mutations of a valid JSON document, each with a line saying what was done: truncation,
/// a field deleted or set to null, a value of the wrong JSON type, huge and negative numbers, NaN,
/// hostile strings, a duplicated array entry, two entries made to collide, a wrong top level,
/// numbers no double holds (1e400) and the edges of 64-bit integers, a key given twice, strings
/// holding control and bidirectional characters or a glob with a bad bracket.
/// </summary>
internal static class JsonMutator
{
    private const string Hostile = "<script>alert(1)</script> | `x` [a](b) *_~ \u202e\u0007 \"'&";

    /// <summary>Strings a reader must refuse or a writer escape: terminal escapes, a forged line, bidi overrides, bad globs, mentions and links.</summary>
    private static readonly string[] Hostiles =
    [
        "native/[z-a]", "[]", "[!]", "a\nFORGED LINE: gate passed", "\u001b[2J\u001b[31mred", "x\u202egnp.exe", "\u2066isolate\u2069",
        "@octocat https://evil.example/x www.evil.example", "\r::set-output name=x::y", "\u0000nul", "\ud800",
    ];

    /// <summary>Number texts past what a double or a 64-bit integer holds, or at their edges.</summary>
    private static readonly string[] Edges =
        ["1e400", "-1e400", "18446744073709551615", "18446744073709551616", "-9223372036854775809", "9223372036854775807", "2147483648", "-2147483648", "1e-400"];

    public static IEnumerable<(string What, string Text)> Mutations(string valid, int seed, int count)
    {
        var rng = new Random(seed);
        for (var i = 0; i < count; i++)
            yield return One(valid, rng);
    }

    private static (string What, string Text) One(string valid, Random rng)
    {
        var kind = rng.Next(16);
        if (kind == 0)
        {
            var at = rng.Next(valid.Length);
            return ($"truncated at {at} of {valid.Length}", valid[..at]);
        }
        if (kind == 1)
        {
            string[] tops = ["[]", "\"text\"", "0", "null", "{}", "[{}]"];
            var t = tops[rng.Next(tops.Length)];
            return ($"top level {t}", t);
        }
        var root = JsonNode.Parse(valid)!;
        var nodes = Walk(root, "$").ToList();
        var (path, node) = nodes[rng.Next(nodes.Count)];
        switch (kind)
        {
            case 2:
                return Replace(root, path, node, null, "null");
            case 3:
            {
                JsonNode?[] wrong = [JsonValue.Create("7"), JsonValue.Create(5), new JsonArray(), new JsonObject(), JsonValue.Create(true)];
                var w = wrong[rng.Next(wrong.Length)];
                return Replace(root, path, node, w, w!.ToJsonString());
            }
            case 4:
            {
                double[] numbers = [1e308, -1e308, -1, 0, 1e-320, 4294967296, 9007199254740993];
                var n = numbers[rng.Next(numbers.Length)];
                return Replace(root, path, node, JsonValue.Create(n), n.ToString("R", CultureInfo.InvariantCulture));
            }
            case 5:
                return Replace(root, path, node, JsonValue.Create(Hostile), "a hostile string");
            case 6:
            {
                // NaN and Infinity are not JSON: the text must be refused as such
                var text = root.ToJsonString();
                var number = nodes.Where(x => x.Node is JsonValue v && v.TryGetValue<double>(out _)).Select(x => x.Node!.ToJsonString()).FirstOrDefault();
                return number is null ? ("unchanged", text) : ($"a number replaced by NaN", ReplaceFirst(text, ":" + number, ":NaN"));
            }
            case 7:
            {
                var array = nodes.Select(x => x.Node).OfType<JsonArray>().Where(a => a.Count > 0).ToList();
                if (array.Count == 0)
                    goto default;
                var a = array[rng.Next(array.Count)];
                a.Add(a[rng.Next(a.Count)]!.DeepClone());
                return ($"an entry of {a.GetPath()} duplicated", root.ToJsonString());
            }
            case 8:
            {
                // two entries of one array made to collide in every field but the first
                var objects = nodes.Select(x => x.Node).OfType<JsonArray>().Where(a => a.Count > 1 && a.All(e => e is JsonObject)).ToList();
                if (objects.Count == 0)
                    goto default;
                var a = objects[rng.Next(objects.Count)];
                var (first, second) = ((JsonObject)a[0]!, (JsonObject)a[1]!);
                var keep = first.FirstOrDefault().Key;
                var clone = (JsonObject)first.DeepClone();
                if (keep is not null && second.TryGetPropertyValue(keep, out var own))
                    clone[keep] = own?.DeepClone();
                a[1] = clone;
                return ($"{a.GetPath()}[1] made to collide with [0] but for '{keep}'", root.ToJsonString());
            }
            case 9:
            {
                var obj = nodes.Select(x => x.Node).OfType<JsonObject>().Where(o => o.Count > 0).ToList();
                var o = obj[rng.Next(obj.Count)];
                var key = o.ElementAt(rng.Next(o.Count)).Key;
                o.Remove(key);
                return ($"{o.GetPath()}.{key} deleted", root.ToJsonString());
            }
            case 10:
            {
                var strings = nodes.Where(x => x.Node is JsonValue v && v.TryGetValue<string>(out _)).ToList();
                if (strings.Count == 0)
                    goto default;
                var (p, s) = strings[rng.Next(strings.Count)];
                return Replace(root, p, s, JsonValue.Create(""), "an empty string");
            }
            case 11:
            case 12:
            {
                // a number no JsonNode can hold: put in as text, in place of a number or any value
                var numbers = nodes.Where(x => x.Node is JsonValue v && v.TryGetValue<double>(out _)).ToList();
                var (p, n) = kind == 11 && numbers.Count > 0 ? numbers[rng.Next(numbers.Count)] : (path, node);
                var edge = Edges[rng.Next(Edges.Length)];
                return Spliced(root, p, n, edge, $"{p} set to {edge}");
            }
            case 13:
            {
                // a key given twice: the first holds another value of the same kind, the second the valid one
                var obj = nodes.Select(x => x.Node).OfType<JsonObject>().Where(o => o.Count > 0).ToList();
                var o = obj[rng.Next(obj.Count)];
                var (key, value) = o.ElementAt(rng.Next(o.Count));
                var other = value switch
                {
                    JsonValue v when v.TryGetValue<string>(out var t) => JsonValue.Create(t + "x").ToJsonString(),
                    JsonValue v when v.TryGetValue<double>(out var d) => JsonValue.Create(d + 99).ToJsonString(),
                    _ => "null",
                };
                var text = o.ToJsonString();
                var twice = "{" + JsonValue.Create(key).ToJsonString() + ":" + other + "," + text[1..];
                return Spliced(root, o.GetPath(), o, twice, $"{o.GetPath()}.{key} given twice");
            }
            case 14:
            {
                var strings = nodes.Where(x => x.Node is JsonValue v && v.TryGetValue<string>(out _)).ToList();
                if (strings.Count == 0)
                    goto default;
                var (p, s) = strings[rng.Next(strings.Count)];
                var h = Hostiles[rng.Next(Hostiles.Length)];
                // JsonValue would escape a lone surrogate into valid text; write it raw as a JSON escape
                var literal = h == "\ud800" ? "\"\\ud800\"" : JsonValue.Create(h).ToJsonString();
                return Spliced(root, p, s, literal, $"{p} set to {Printable(h)}");
            }
            default:
            {
                var obj = nodes.Select(x => x.Node).OfType<JsonObject>().ToList();
                var o = obj[rng.Next(obj.Count)];
                o["unexpectedField"] = Hostile;
                return ($"{o.GetPath()} given an unknown field", root.ToJsonString());
            }
        }
    }

    private static (string, string) Replace(JsonNode root, string path, JsonNode? node, JsonNode? value, string what)
    {
        if (node?.Parent is null)
            return ($"top level {what}", value?.ToJsonString() ?? "null");
        switch (node.Parent)
        {
            case JsonObject o:
                o[node.GetPropertyName()] = value;
                break;
            case JsonArray a:
                a[node.GetElementIndex()] = value;
                break;
        }
        return ($"{path} set to {what}", root.ToJsonString());
    }

    /// <summary>The document with <paramref name="node"/> replaced by raw JSON text that no JsonNode can hold.</summary>
    private static (string, string) Spliced(JsonNode root, string path, JsonNode? node, string raw, string what)
    {
        if (node?.Parent is null)
            return ($"top level {what}", raw);
        const string Mark = "\u0001bench-splice\u0001";
        Replace(root, path, node, JsonValue.Create(Mark), what);
        var marked = JsonValue.Create(Mark).ToJsonString();
        return (what, ReplaceFirst(root.ToJsonString(), marked, raw));
    }

    private static string Printable(string s) => string.Concat(s.Select(c => c < ' ' || c is >= '\u2000' and <= '\u2069' or >= '\ud800' and <= '\udfff' ? $"\\u{(int)c:x4}" : c.ToString()));

    private static IEnumerable<(string Path, JsonNode? Node)> Walk(JsonNode? node, string path)
    {
        yield return (path, node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o.ToList())
                    foreach (var x in Walk(v, $"{path}.{k}"))
                        yield return x;
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    foreach (var x in Walk(a[i], $"{path}[{i}]"))
                        yield return x;
                break;
        }
    }

    private static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        return at < 0 ? text : text[..at] + with + text[(at + what.Length)..];
    }
}
