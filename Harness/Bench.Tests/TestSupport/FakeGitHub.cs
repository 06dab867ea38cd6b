using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bench.Tests.TestSupport;

/// <summary>
/// A local stand-in for GitHub's REST API (the endpoints `bench post` uses) on 127.0.0.1, under an
/// optional path prefix (GitHub Enterprise's <c>/api/v3</c>). It enforces the rules github.com
/// enforces on what Bench sends (REST API version 2022-11-28): a Bearer token, a User-Agent and the
/// API version header; request bodies that are JSON objects with the required fields of the right
/// types; the enums (status state, check-run status and conclusion); comment bodies of at most
/// 65,536 characters; status descriptions of at most 140 characters; check-run output summary and
/// text of at most 65,535 UTF-8 bytes; a <c>details_url</c> that is a string or absent; head commits
/// the repository has. A refusal is a 422 with GitHub's body (<c>message</c>, <c>errors[]</c>).
/// Comments carry their author: the token's comments are by <see cref="TokenLogin"/> (a bot), and
/// comments can be seeded by anyone. Check runs are accepted (<see cref="AcceptCheckRuns"/>) or
/// refused as GitHub refuses a token without checks: write. Faults can be injected once each: a
/// 502 on a page, a secondary rate limit (403 with Retry-After) on a create, a 422 on one status
/// context. Every request is logged.
/// A second listener, on another port of the same host (<see cref="ElsewhereUrl"/>), stands for
/// any other origin: a redirect or a <c>Link</c> header can point there (<see cref="RedirectListElsewhere"/>,
/// <see cref="LinkNextElsewhere"/>), and a token that reaches it is a leak: <see cref="Dispose"/>
/// throws, so every test that uses the stand-in fails on one.
/// </summary>
internal sealed class FakeGitHub : IDisposable
{
    public sealed record Request(string Method, string PathAndQuery, string? Authorization, string Body, int Status, string? ResponseBody);

    public sealed record Comment(long Id, string Body, string Login, string Type);

    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly HttpListener _elsewhere;
    private readonly Task _elsewhereLoop;
    private readonly string _token;
    private readonly string _prefix;
    private readonly object _gate = new();
    private long _nextId = 1000;

    /// <summary>The API's base URL, as `bench post --api-url` takes it (with the prefix, e.g. http://127.0.0.1:P/api/v3).</summary>
    public string BaseUrl { get; }
    public List<Comment> Comments { get; } = [];
    public List<JsonNode> Statuses { get; } = [];
    public List<JsonNode> CheckRuns { get; } = [];
    public ConcurrentQueue<Request> Log { get; } = new();
    public HashSet<string> Commits { get; } = new(StringComparer.Ordinal);
    public int FailPageWith502Once { get; set; }
    public bool RateLimitNextCreate { get; set; }
    /// <summary>The next created comment is kept, but the answer (201) is malformed JSON, as a broken proxy may send.</summary>
    public bool MalformedNextCreate { get; set; }
    public bool AcceptCheckRuns { get; set; }
    public string? Refuse422ForContext { get; set; }
    /// <summary>The comment list answers 301 to the same path on <see cref="ElsewhereUrl"/> (another port: another origin).</summary>
    public bool RedirectListElsewhere { get; set; }
    /// <summary>Every page of the comment list names a next page on <see cref="ElsewhereUrl"/>.</summary>
    public bool LinkNextElsewhere { get; set; }
    /// <summary>Every page of the comment list is the first page, with a Link naming itself as the next one.</summary>
    public bool RepeatFirstPageForever { get; set; }
    /// <summary>The next comment create is refused with a 422 whose message quotes the request's Authorization header.</summary>
    public bool QuoteAuthorizationInNext422 { get; set; }
    /// <summary>Another origin (same host, another port): what reached it, and with which Authorization.</summary>
    public string ElsewhereUrl { get; }
    public ConcurrentQueue<Request> ElsewhereLog { get; } = new();
    public string TokenLogin { get; set; } = "github-actions[bot]";
    public string Repo { get; } = "octo-org/bench";
    public int PullRequest { get; } = 7;
    /// <summary>The commit the pull request's head is at (GET pulls/{number} answers it); null: the PR has none yet.</summary>
    public string? PullRequestHead { get; set; }
    /// <summary>GET pulls/{number} answers the PR without its head object, as a broken proxy may.</summary>
    public bool PullRequestWithoutHead { get; set; }

    public FakeGitHub(string token, string pathPrefix = "")
    {
        _token = token;
        _prefix = pathPrefix.TrimEnd('/');
        (_listener, var root) = Listen();
        BaseUrl = root + _prefix;
        (_elsewhere, ElsewhereUrl) = Listen();
        _loop = Task.Run(Serve);
        _elsewhereLoop = Task.Run(ServeElsewhere);
    }

    /// <summary>A listener on a free port of 127.0.0.1 (found by binding port 0 and letting go: another process may take it in between, so try again then).</summary>
    private static (HttpListener, string Root) Listen()
    {
        for (var attempt = 1; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var root = $"http://127.0.0.1:{port}";
            var listener = new HttpListener();
            listener.Prefixes.Add(root + "/");
            try
            {
                listener.Start();
                return (listener, root);
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
    }

    /// <summary>Another origin: answers an empty list to anything, and keeps what came, with its Authorization.</summary>
    private async Task ServeElsewhere()
    {
        while (_elsewhere.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _elsewhere.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            ElsewhereLog.Enqueue(new Request(ctx.Request.HttpMethod, ctx.Request.Url!.PathAndQuery, ctx.Request.Headers["Authorization"], "", 200, null));
            Reply(ctx, 200, new JsonArray());
            ctx.Response.Close();
        }
    }

    /// <summary>Requests that carried a credential to another origin than the API's.</summary>
    public IReadOnlyList<Request> Leaks => ElsewhereLog.Where(r => r.Authorization is not null).ToList();

    /// <summary>A comment someone made before the post.</summary>
    public Comment Seed(string body, string login = "octocat", string type = "User")
    {
        var c = new Comment(_nextId++, body, login, type);
        Comments.Add(c);
        return c;
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            var body = await new StreamReader(ctx.Request.InputStream, Encoding.UTF8).ReadToEndAsync();
            (int Status, string? Json) answer;
            lock (_gate)
                answer = Handle(ctx, body);
            Log.Enqueue(new Request(ctx.Request.HttpMethod, ctx.Request.Url!.PathAndQuery, ctx.Request.Headers["Authorization"], body, answer.Status, answer.Json));
            ctx.Response.Close();
        }
    }

    private (int, string?) Handle(HttpListenerContext ctx, string body)
    {
        var r = ctx.Request;
        if (r.Headers["Authorization"] != $"Bearer {_token}")
            return Reply(ctx, 401, new JsonObject { ["message"] = "Bad credentials" });
        if (string.IsNullOrEmpty(r.Headers["User-Agent"]))
            return Reply(ctx, 403, new JsonObject { ["message"] = "Request forbidden by administrative rules. Please make sure your request has a User-Agent header" });
        if (r.Headers["X-GitHub-Api-Version"] is { } version && version != "2022-11-28")
            return Reply(ctx, 400, new JsonObject { ["message"] = $"API version {version} is not supported." });
        if (r.Headers["X-GitHub-Api-Version"] is null)
            return Reply(ctx, 400, new JsonObject { ["message"] = "this stand-in expects X-GitHub-Api-Version: 2022-11-28 (bench always sends it)" });
        var path = r.Url!.AbsolutePath;
        var prefix = $"{_prefix}/repos/{Repo}/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
            return Reply(ctx, 404, new JsonObject { ["message"] = "Not Found" });
        JsonObject? json = null;
        if (r.HttpMethod is "POST" or "PATCH")
        {
            try
            {
                json = JsonNode.Parse(body) as JsonObject;
            }
            catch (JsonException)
            {
            }
            if (json is null)
                return Reply(ctx, 400, new JsonObject { ["message"] = "Problems parsing JSON" });
        }
        var rest = path[prefix.Length..].Split('/');
        switch (r.HttpMethod, rest)
        {
            case ("GET", ["issues", var n, "comments"]) when n == PullRequest.ToString():
            {
                var perPage = Math.Min(100, int.Parse(r.QueryString["per_page"] ?? "30"));
                var page = int.Parse(r.QueryString["page"] ?? "1");
                if (RedirectListElsewhere)
                {
                    ctx.Response.RedirectLocation = ElsewhereUrl + r.Url!.PathAndQuery;
                    return Reply(ctx, 301, new JsonObject { ["message"] = "Moved Permanently" });
                }
                if (RepeatFirstPageForever)
                {
                    ctx.Response.AddHeader("Link", $"<{BaseUrl}/repos/{Repo}/issues/{PullRequest}/comments?per_page={perPage}&page={page}>; rel=\"next\"");
                    return Reply(ctx, 200, new JsonArray(Comments.Take(perPage).Select(c => (JsonNode)Json(c)).ToArray()));
                }
                if (LinkNextElsewhere)
                    ctx.Response.AddHeader("Link", $"<{ElsewhereUrl}{_prefix}/repos/{Repo}/issues/{PullRequest}/comments?per_page={perPage}&page={page + 1}>; rel=\"next\"");
                if (page == FailPageWith502Once)
                {
                    FailPageWith502Once = 0;
                    return Reply(ctx, 502, new JsonObject { ["message"] = "Server Error" });
                }
                var last = Math.Max(1, (Comments.Count + perPage - 1) / perPage);
                var self = $"{BaseUrl}/repos/{Repo}/issues/{PullRequest}/comments?per_page={perPage}";
                if (page < last)
                    ctx.Response.AddHeader("Link", $"<{self}&page={page + 1}>; rel=\"next\", <{self}&page={last}>; rel=\"last\"");
                var items = new JsonArray(Comments.Skip((page - 1) * perPage).Take(perPage).Select(c => (JsonNode)Json(c)).ToArray());
                return Reply(ctx, 200, items);
            }
            case ("POST", ["issues", var n, "comments"]) when n == PullRequest.ToString():
            {
                if (RateLimitNextCreate)
                {
                    RateLimitNextCreate = false;
                    ctx.Response.AddHeader("Retry-After", "1");
                    return Reply(ctx, 403, new JsonObject { ["message"] = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." });
                }
                if (QuoteAuthorizationInNext422)
                {
                    // a proxy or an API error that quotes the request back: what a log must never show
                    QuoteAuthorizationInNext422 = false;
                    return Invalid(ctx, new ApiError("IssueComment", "body", "custom", $"the request with Authorization: {r.Headers["Authorization"]} was refused"));
                }
                if (CommentBody(json!) is { } refused)
                    return Invalid(ctx, refused);
                Comments.Add(new Comment(_nextId++, json!["body"]!.GetValue<string>(), TokenLogin, "Bot"));
                if (MalformedNextCreate)
                {
                    MalformedNextCreate = false;
                    ctx.Response.StatusCode = 201;
                    ctx.Response.ContentType = "application/json; charset=utf-8";
                    ctx.Response.OutputStream.Write("{\"id\": 12, \"body\": \"cut off"u8);
                    return (201, null);
                }
                return Reply(ctx, 201, Json(Comments[^1]));
            }
            case ("PATCH", ["issues", "comments", var idText]):
            {
                var i = Comments.FindIndex(c => c.Id.ToString() == idText);
                if (i < 0)
                    return Reply(ctx, 404, new JsonObject { ["message"] = "Not Found" });
                if (CommentBody(json!) is { } refused)
                    return Invalid(ctx, refused);
                // GitHub lets a token with pull-requests: write edit anybody's comment: the stand-in does too
                Comments[i] = Comments[i] with { Body = json!["body"]!.GetValue<string>() };
                return Reply(ctx, 200, Json(Comments[i]));
            }
            case ("POST", ["statuses", var sha]):
            {
                if (!Commits.Contains(sha))
                    return Invalid(ctx, new ApiError("Status", "sha", "invalid", $"No commit found for SHA: {sha}"));
                if (Enum(json!, "state", true, "error", "failure", "pending", "success") is { } badState)
                    return Invalid(ctx, badState with { Resource = "Status" });
                foreach (var field in new[] { "description", "context", "target_url" })
                    if (OptionalString(json!, field, allowNull: true) is { } bad)
                        return Invalid(ctx, bad with { Resource = "Status" });
                if (json!["description"]?.GetValue<string>() is { Length: > 140 } d)
                    return Invalid(ctx, new ApiError("Status", "description", "custom", $"description is too long (maximum is 140 characters, was {d.Length})"));
                if (json["context"]?.GetValue<string>() is { } context && context == Refuse422ForContext)
                    return Invalid(ctx, new ApiError("Status", "context", "custom", $"context {context} is refused by this repository's rules"));
                json["sha"] = sha;
                Statuses.Add(json);
                return Reply(ctx, 201, new JsonObject { ["id"] = Statuses.Count, ["state"] = json["state"]!.GetValue<string>() });
            }
            case ("GET", ["pulls", var n]):
            {
                if (n != PullRequest.ToString() || PullRequestHead is null)
                    return Reply(ctx, 404, new JsonObject { ["message"] = "Not Found", ["documentation_url"] = "https://docs.github.com/rest/pulls/pulls#get-a-pull-request" });
                var pull = new JsonObject { ["number"] = PullRequest, ["state"] = "open", ["base"] = new JsonObject { ["sha"] = new string('b', 40), ["ref"] = "main" } };
                if (!PullRequestWithoutHead)
                    pull["head"] = new JsonObject { ["sha"] = PullRequestHead, ["ref"] = "topic" };
                return Reply(ctx, 200, pull);
            }
            case ("POST", ["check-runs"]):
            {
                if (!AcceptCheckRuns)
                    return Reply(ctx, 403, new JsonObject { ["message"] = "Resource not accessible by integration", ["documentation_url"] = "https://docs.github.com/rest/checks/runs#create-a-check-run" });
                if (CheckRunRefusal(json!) is { } refused)
                    return Invalid(ctx, refused);
                CheckRuns.Add(json!);
                return Reply(ctx, 201, new JsonObject { ["id"] = CheckRuns.Count, ["name"] = json!["name"]!.GetValue<string>() });
            }
            default:
                return Reply(ctx, 404, new JsonObject { ["message"] = "Not Found" });
        }
    }

    private sealed record ApiError(string Resource, string Field, string Code, string Message);

    private static ApiError? CommentBody(JsonObject json)
    {
        if (json["body"] is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            return new ApiError("IssueComment", "body", "missing_field", "body is missing or not a string");
        var body = v.GetValue<string>();
        if (body.Length == 0)
            return new ApiError("IssueComment", "body", "missing_field", "body cannot be blank");
        return body.Length > 65_536 ? new ApiError("IssueComment", "body", "custom", $"body is too long (maximum is 65536 characters, was {body.Length})") : null;
    }

    private ApiError? CheckRunRefusal(JsonObject json)
    {
        foreach (var field in new[] { "name", "head_sha" })
            if (json[field] is not JsonValue v || v.GetValueKind() != JsonValueKind.String || v.GetValue<string>().Length == 0)
                return new ApiError("CheckRun", field, "missing_field", $"{field} is required and must be a string");
        if (!Commits.Contains(json["head_sha"]!.GetValue<string>()))
            return new ApiError("CheckRun", "head_sha", "invalid", "No commit found for SHA: " + json["head_sha"]!.GetValue<string>());
        if (OptionalString(json, "details_url", allowNull: false) is { } badUrl)
            return badUrl with { Resource = "CheckRun" };
        if (Enum(json, "status", false, "queued", "in_progress", "completed", "waiting", "requested", "pending") is { } badStatus)
            return badStatus with { Resource = "CheckRun" };
        if (Enum(json, "conclusion", json["status"]?.GetValue<string>() == "completed",
                "action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out") is { } badConclusion)
            return badConclusion with { Resource = "CheckRun" };
        if (json["output"] is null)
            return null;
        if (json["output"] is not JsonObject output)
            return new ApiError("CheckRun", "output", "invalid", "output is not an object");
        foreach (var field in new[] { "title", "summary" })
            if (output[field] is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                return new ApiError("CheckRun", "output." + field, "missing_field", $"output.{field} is required and must be a string");
        foreach (var field in new[] { "summary", "text" })
            if (output[field] is JsonValue v && v.GetValueKind() == JsonValueKind.String && Encoding.UTF8.GetByteCount(v.GetValue<string>()) is > 65_535 and var bytes)
                return new ApiError("CheckRun", "output." + field, "custom", $"Only 65535 characters are allowed; {bytes} were supplied.");
        return null;
    }

    private static ApiError? OptionalString(JsonObject json, string field, bool allowNull)
    {
        if (!json.ContainsKey(field))
            return null;
        return json[field] switch
        {
            null when allowNull => null,
            null => new ApiError("", field, "invalid", $"{field}: null is not a string (give a string or leave the field out)"),
            JsonValue v when v.GetValueKind() == JsonValueKind.String => null,
            _ => new ApiError("", field, "invalid", $"{field} is not a string"),
        };
    }

    private static ApiError? Enum(JsonObject json, string field, bool required, params string[] allowed)
    {
        var node = json[field];
        if (node is null)
            return required ? new ApiError("", field, "missing_field", $"{field} is required") : null;
        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String && allowed.Contains(v.GetValue<string>())
            ? null
            : new ApiError("", field, "invalid", $"{field} {node.ToJsonString()} is not one of {string.Join(", ", allowed)}");
    }

    /// <summary>Set: every comment's id is listed as this raw JSON number (an id no 64-bit integer holds, such as 1e20).</summary>
    public string? RawCommentId { get; init; }

    private JsonObject Json(Comment c) => new()
    {
        ["id"] = RawCommentId is { } raw ? JsonNode.Parse(raw) : c.Id, ["body"] = c.Body, ["html_url"] = $"{BaseUrl}/{Repo}/pull/{PullRequest}#issuecomment-{c.Id}",
        ["user"] = new JsonObject { ["login"] = c.Login, ["type"] = c.Type, ["id"] = 41898282 },
    };

    private static (int, string?) Invalid(HttpListenerContext ctx, ApiError e) => Reply(ctx, 422, new JsonObject
    {
        ["message"] = "Validation Failed",
        ["errors"] = new JsonArray(new JsonObject { ["resource"] = e.Resource, ["field"] = e.Field, ["code"] = e.Code, ["message"] = e.Message }),
        ["documentation_url"] = "https://docs.github.com/rest",
    });

    private static (int, string?) Reply(HttpListenerContext ctx, int status, JsonNode json)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        var text = json.ToJsonString();
        ctx.Response.OutputStream.Write(Encoding.UTF8.GetBytes(text));
        return (status, status >= 400 ? text : null);
    }

    public void Dispose()
    {
        foreach (var (listener, loop) in new[] { (_listener, _loop), (_elsewhere, _elsewhereLoop) })
        {
            // Close alone: the managed HttpListener's Stop and Close each remove the listener from its endpoint, and the
            // second removal binds the port again, which fails ("Address already in use") once another test has taken it
            try
            {
                listener.Close();
            }
            catch (HttpListenerException)
            {
                // the port is going away either way
            }
            try
            {
                loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }
        }
        if (Leaks.Count > 0)
            throw new InvalidOperationException($"the token reached another origin than the API's: {string.Join(", ", Leaks.Select(l => $"{l.Method} {l.PathAndQuery}"))}");
    }
}
