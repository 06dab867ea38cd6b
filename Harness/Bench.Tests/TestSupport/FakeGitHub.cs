using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Bench.Tests.TestSupport;

/// <summary>
/// A local stand-in for GitHub's REST API (the endpoints `bench post` uses) on 127.0.0.1: issue
/// comments with Link-header pagination, create and update, commit statuses, and check runs it
/// refuses as GitHub refuses a token without checks: write. Faults can be injected once each: a
/// 502 on a page, a secondary rate limit (403 with Retry-After) on a create. Every request is logged.
/// </summary>
internal sealed class FakeGitHub : IDisposable
{
    public sealed record Request(string Method, string PathAndQuery, string? Authorization, string Body, int Status);

    private readonly HttpListener _listener;
    private readonly Task _loop;
    private readonly string _token;
    private readonly object _gate = new();
    private long _nextId = 1000;

    public string BaseUrl { get; }
    public List<(long Id, string Body)> Comments { get; } = [];
    public List<JsonNode> Statuses { get; } = [];
    public ConcurrentQueue<Request> Log { get; } = new();
    public int FailPageWith502Once { get; set; }
    public bool RateLimitNextCreate { get; set; }
    public string Repo { get; } = "octo-org/bench";

    public FakeGitHub(string token)
    {
        _token = token;
        // A free port is found by binding port 0 and letting go: another process may take it in between, so try again then.
        for (var attempt = 1; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            BaseUrl = $"http://127.0.0.1:{port}";
            var listener = new HttpListener();
            listener.Prefixes.Add(BaseUrl + "/");
            try
            {
                listener.Start();
                _listener = listener;
                break;
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                listener.Close();
            }
        }
        _loop = Task.Run(Serve);
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
            var body = await new StreamReader(ctx.Request.InputStream).ReadToEndAsync();
            int status;
            lock (_gate)
                status = Handle(ctx, body);
            Log.Enqueue(new Request(ctx.Request.HttpMethod, ctx.Request.Url!.PathAndQuery, ctx.Request.Headers["Authorization"], body, status));
            ctx.Response.Close();
        }
    }

    private int Handle(HttpListenerContext ctx, string body)
    {
        var r = ctx.Request;
        if (r.Headers["Authorization"] != $"Bearer {_token}")
            return Reply(ctx, 401, new JsonObject { ["message"] = "Bad credentials" });
        if (string.IsNullOrEmpty(r.Headers["User-Agent"]) || r.Headers["X-GitHub-Api-Version"] != "2022-11-28")
            return Reply(ctx, 400, new JsonObject { ["message"] = "missing User-Agent or API version" });
        var path = r.Url!.AbsolutePath;
        var prefix = $"/repos/{Repo}/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
            return Reply(ctx, 404, new JsonObject { ["message"] = "Not Found" });
        var rest = path[prefix.Length..].Split('/');
        switch (r.HttpMethod, rest)
        {
            case ("GET", ["issues", "7", "comments"]):
            {
                var perPage = int.Parse(r.QueryString["per_page"] ?? "30");
                var page = int.Parse(r.QueryString["page"] ?? "1");
                if (page == FailPageWith502Once)
                {
                    FailPageWith502Once = 0;
                    return Reply(ctx, 502, new JsonObject { ["message"] = "Server Error" });
                }
                var last = Math.Max(1, (Comments.Count + perPage - 1) / perPage);
                if (page < last)
                    ctx.Response.AddHeader("Link", $"<{BaseUrl}{prefix}issues/7/comments?per_page={perPage}&page={page + 1}>; rel=\"next\", <{BaseUrl}{prefix}issues/7/comments?per_page={perPage}&page={last}>; rel=\"last\"");
                var items = new JsonArray(Comments.Skip((page - 1) * perPage).Take(perPage).Select(c => (JsonNode)Comment(c.Id, c.Body)).ToArray());
                return Reply(ctx, 200, items);
            }
            case ("POST", ["issues", "7", "comments"]):
            {
                if (RateLimitNextCreate)
                {
                    RateLimitNextCreate = false;
                    ctx.Response.AddHeader("Retry-After", "1");
                    return Reply(ctx, 403, new JsonObject { ["message"] = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." });
                }
                var id = _nextId++;
                Comments.Add((id, JsonNode.Parse(body)!["body"]!.GetValue<string>()));
                return Reply(ctx, 201, Comment(id, Comments[^1].Body));
            }
            case ("PATCH", ["issues", "comments", var idText]):
            {
                var i = Comments.FindIndex(c => c.Id.ToString() == idText);
                if (i < 0)
                    return Reply(ctx, 404, new JsonObject { ["message"] = "Not Found" });
                Comments[i] = (Comments[i].Id, JsonNode.Parse(body)!["body"]!.GetValue<string>());
                return Reply(ctx, 200, Comment(Comments[i].Id, Comments[i].Body));
            }
            case ("POST", ["statuses", var sha]):
            {
                var s = JsonNode.Parse(body)!;
                s["sha"] = sha;
                Statuses.Add(s);
                return Reply(ctx, 201, new JsonObject { ["id"] = Statuses.Count });
            }
            case ("POST", ["check-runs"]):
                return Reply(ctx, 403, new JsonObject { ["message"] = "Resource not accessible by integration" });
            default:
                return Reply(ctx, 404, new JsonObject { ["message"] = "Not Found" });
        }
    }

    private JsonObject Comment(long id, string body) => new() { ["id"] = id, ["body"] = body, ["html_url"] = $"{BaseUrl}/{Repo}/pull/7#issuecomment-{id}" };

    private static int Reply(HttpListenerContext ctx, int status, JsonNode json)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
        ctx.Response.OutputStream.Write(bytes);
        return status;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
