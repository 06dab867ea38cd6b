using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bench.Core.GitHub;

/// <summary>
/// What `bench post` takes from the Actions event file (GITHUB_EVENT_PATH): the pull request's
/// number and head commit. pull_request events carry both; workflow_run events carry the head
/// commit and, for PRs from the same repository only, the number. A field of the wrong JSON type
/// is an error naming the file and the field, never a crash.
/// </summary>
public sealed record ActionsEvent(int? PullRequest, string? HeadSha)
{
    public static ActionsEvent Read(string path)
    {
        var text = IO.InputFile.ReadAllText(path, "the event file GITHUB_EVENT_PATH", "; pass --pr N and --sha SHA instead.");
        return Parse(text, path);
    }

    public static ActionsEvent Parse(string text, string path)
    {
        JsonNode? root;
        try
        {
            // a repeated property is refused while parsing, not found later as a crash on access
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw Bad(path, $"is not JSON ({e.Message})");
        }
        if (root is not JsonObject o)
            throw Bad(path, "is not a JSON object (an Actions event payload is one)");
        var pr = Optional<JsonObject>(o, "pull_request", path);
        var run = Optional<JsonObject>(o, "workflow_run", path);
        var number = pr is null ? null : Number(pr, "pull_request.number", path);
        if (number is null && run is not null && Optional<JsonArray>(run, "workflow_run.pull_requests", path) is { Count: > 0 } prs)
            number = prs[0] is JsonObject first ? Number(first, "workflow_run.pull_requests[0].number", path)
                : throw Bad(path, "has workflow_run.pull_requests[0] that is not an object");
        var head = pr is not null && Optional<JsonObject>(pr, "pull_request.head", path) is { } h ? Text(h, "pull_request.head.sha", path) : null;
        head ??= run is null ? null : Text(run, "workflow_run.head_sha", path);
        return new ActionsEvent(number, head);
    }

    private static T? Optional<T>(JsonObject o, string field, string path) where T : JsonNode => o[Key(field)] switch
    {
        null => null,
        T t => t,
        var other => throw Bad(path, $"has {field} of JSON type {other.GetValueKind().ToString().ToLowerInvariant()}, not {(typeof(T) == typeof(JsonArray) ? "an array" : "an object")}"),
    };

    private static int? Number(JsonObject o, string field, string path)
    {
        var node = o[Key(field)];
        if (node is null)
            return null;
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) && n > 0)
            return n;
        throw Bad(path, $"has {field} = {Shown(node)}, not a positive whole number");
    }

    private static string? Text(JsonObject o, string field, string path)
    {
        var node = o[Key(field)];
        if (node is null)
            return null;
        if (node is JsonValue v && IO.JsonText.TryOf(v) is { Length: > 0 } s)
            return s;
        throw Bad(path, $"has {field} = {Shown(node)}, not a commit SHA");
    }

    private static string Key(string field) => field[(field.LastIndexOf('.') + 1)..];

    private static string Shown(JsonNode node)
    {
        string text;
        try
        {
            text = node.ToJsonString();
        }
        catch (InvalidOperationException)
        {
            return "a string that is no text (half a surrogate pair)";
        }
        return TextSafety.Shown(text, 40);
    }

    private static BenchException Bad(string path, string what) =>
        BenchException.Usage($"GITHUB_EVENT_PATH {path} {what}; pass --pr N and --sha SHA instead.");
}
