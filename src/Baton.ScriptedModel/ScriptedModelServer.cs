using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.ScriptedModel;

/// <summary>
/// The only stand-in in Baton's tests and demo: a model on 127.0.0.1 that speaks the part of the OpenAI Responses
/// API Codex uses (<c>POST {base}/responses</c>, answered as server-sent events) and replies deterministically with
/// what it received: <c>FAKE#&lt;n&gt; saw &lt;k&gt; user msgs; last='&lt;text&gt;'</c>.
/// </summary>
/// <remarks>Every request is logged before it is answered, so a test that sees a turn end can assert on it.</remarks>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<ModelRequest> _requests = [];
    private readonly List<(Func<ModelRequest, bool> Predicate, TaskCompletionSource<ModelRequest> Completion)> _waiters = [];

    private ScriptedModelServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/v1</c>: the provider's <c>base_url</c> for Codex.</summary>
    public Uri BaseUrl { get; private set; }

    public IReadOnlyList<ModelRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<ScriptedModelServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ScriptedModelServer(app, new Uri("http://127.0.0.1/v1"));
        app.MapPost("/v1/responses", server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri($"http://127.0.0.1:{new Uri(address).Port}/v1");
        return server;
    }

    /// <summary>Completes with the first request, past or future, that matches.</summary>
    public Task<ModelRequest> WaitForRequestAsync(Func<ModelRequest, bool> predicate, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var existing = _requests.FirstOrDefault(predicate);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            var completion = new TaskCompletionSource<ModelRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((predicate, completion));
            return completion.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        var request = Record(body);
        var script = ReplyScript.From(request.LastUserMessage);
        if (script.Fail)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":{"message":"scripted failure (FAIL in the prompt)","type":"server_error","code":"server_error"}}""", context.RequestAborted);
            return;
        }

        var reply = $"FAKE#{request.Number} saw {request.UserMessages.Count} user msgs; last='{request.LastUserMessage}'";
        try
        {
            await new ResponsesEventStream(context.Response, $"resp_{request.Number}", $"msg_{request.Number}")
                .WriteAsync(reply, script.Duration, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // Codex dropped the stream (a steer or an interrupt): nothing more to say.
        }
    }

    private ModelRequest Record(string body)
    {
        IReadOnlyList<string> users;
        try
        {
            users = ResponsesRequestParser.UserMessages(body);
        }
        catch (System.Text.Json.JsonException)
        {
            users = [];
        }

        List<TaskCompletionSource<ModelRequest>> matched;
        ModelRequest request;
        lock (_gate)
        {
            var last = users.Count > 0 ? users[^1] : null;
            request = new ModelRequest(_requests.Count + 1, DateTimeOffset.UtcNow, body, users, last, last?.StartsWith("Generate a concise", StringComparison.Ordinal) == true);
            _requests.Add(request);
            matched = [.. _waiters.Where(w => w.Predicate(request)).Select(w => w.Completion)];
            _waiters.RemoveAll(w => matched.Contains(w.Completion));
        }

        foreach (var completion in matched)
        {
            completion.TrySetResult(request);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
