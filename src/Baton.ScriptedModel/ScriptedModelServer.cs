using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Baton.ScriptedModel;

/// <summary>
/// The only stand-in in Baton's tests and demo: a model on 127.0.0.1 that speaks the part of the OpenAI Responses
/// API Codex uses (<c>POST {base}/responses</c> with <c>stream:true</c>, answered as server-sent events) and replies
/// deterministically with what it received: <c>FAKE#&lt;n&gt; saw &lt;k&gt; user msgs; last='&lt;text&gt;'</c>.
/// </summary>
/// <remarks>
/// Directives in the last user message script the reply: <c>SLOW=&lt;seconds&gt;</c> spreads it over that long,
/// <c>FAIL</c> answers HTTP 500, <c>RUN=&lt;command&gt;</c> (or <c>RUN_SANDBOXED=</c>) has Codex run a command first (see
/// <see cref="ReplyScript"/>). Every request is logged before it is answered, so a test that sees a turn end can
/// assert on it. Every request gets a stream, even one that asks for <c>stream:false</c>: Codex never does.
/// </remarks>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    private const string TitleRequestPrefix = "Generate a concise";

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<ModelRequest> _requests = [];
    private readonly List<RequestWaiter> _waiters = [];

    // Cancelled first on dispose so a SLOW stream ends at once instead of holding Kestrel's shutdown.
    private readonly CancellationTokenSource _stopping = new();

    private ScriptedModelServer(WebApplication app)
    {
        _app = app;
        BaseUrl = new Uri("http://127.0.0.1/v1");
    }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/v1</c>: the provider's <c>base_url</c> for Codex.</summary>
    public Uri BaseUrl { get; private set; }

    /// <summary>A snapshot of every request so far, in arrival order.</summary>
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

    /// <summary>Starts the server on an ephemeral port of 127.0.0.1.</summary>
    public static async Task<ScriptedModelServer> StartAsync(CancellationToken cancellationToken = default)
    {
        // No appsettings.json to reload, so no inotify watch on every folder under the working directory (see DaemonHost).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ScriptedModelServer(app);
        app.MapPost("/v1/responses", server.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = new Uri($"http://127.0.0.1:{new Uri(address).Port}/v1");
        return server;
    }

    /// <summary>Completes with the first request, past or future, that matches.</summary>
    /// <remarks>A predicate that throws faults the returned task rather than the request being served.</remarks>
    public Task<ModelRequest> WaitForRequestAsync(Func<ModelRequest, bool> predicate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        RequestWaiter waiter;
        lock (_gate)
        {
            waiter = new RequestWaiter(predicate);
            foreach (var request in _requests)
            {
                if (waiter.TryComplete(request))
                {
                    return waiter.Task;
                }
            }

            _waiters.Add(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            // The registration lives as long as the waiter: it also drops the waiter from the list when cancelled.
            var registration = cancellationToken.Register(() =>
            {
                lock (_gate)
                {
                    _waiters.Remove(waiter);
                }

                waiter.Cancel(cancellationToken);
            });
            _ = waiter.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return waiter.Task;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var token = cancellation.Token;
        try
        {
            await AnswerAsync(context, token);
        }
        catch (Exception exception) when (token.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            // Codex dropped the stream (a steer or an interrupt) or the server is stopping: nothing more to say.
        }
    }

    private async Task AnswerAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var body = await RequestBodyReader.ReadAsync(context.Request, cancellationToken);
        if (body is null)
        {
            Record(string.Empty, []);
            await WriteErrorAsync(context.Response, StatusCodes.Status415UnsupportedMediaType, "invalid_request_error",
                $"The scripted model cannot decode Content-Encoding '{context.Request.Headers.ContentEncoding}'.", cancellationToken);
            return;
        }

        IReadOnlyList<string> userMessages;
        try
        {
            userMessages = ResponsesRequestParser.UserMessages(body);
        }
        catch (JsonException exception)
        {
            Record(body, []);
            await WriteErrorAsync(context.Response, StatusCodes.Status400BadRequest, "invalid_request_error",
                $"The request body is not JSON: {exception.Message}", cancellationToken);
            return;
        }

        var request = Record(body, userMessages);
        var script = ReplyScript.From(request.LastUserMessage);
        if (script.Fail)
        {
            await WriteErrorAsync(context.Response, StatusCodes.Status500InternalServerError, "server_error",
                "Scripted failure: the last user message contains FAIL.", cancellationToken);
            return;
        }

        if (script.Command is { } command && !ResponsesRequestParser.EndsWithToolOutput(body))
        {
            await new ResponsesEventStream(context.Response, $"resp_{request.Number}", $"fc_{request.Number}")
                .WriteCommandCallAsync(command, script.Sandboxed, cancellationToken);
            return;
        }

        var reply = $"FAKE#{request.Number} saw {request.UserMessages.Count} user msgs; last='{request.LastUserMessage}'";
        await new ResponsesEventStream(context.Response, $"resp_{request.Number}", $"msg_{request.Number}")
            .WriteAsync(reply, script.Duration, cancellationToken);
    }

    private ModelRequest Record(string body, IReadOnlyList<string> userMessages)
    {
        ModelRequest request;
        List<RequestWaiter> matched = [];
        lock (_gate)
        {
            var last = userMessages.Count > 0 ? userMessages[^1] : null;
            var isTitle = last?.StartsWith(TitleRequestPrefix, StringComparison.Ordinal) == true;
            request = new ModelRequest(_requests.Count + 1, DateTimeOffset.UtcNow, body, userMessages, last, isTitle);
            _requests.Add(request);
            foreach (var waiter in _waiters)
            {
                if (waiter.TryComplete(request))
                {
                    matched.Add(waiter);
                }
            }

            _waiters.RemoveAll(matched.Contains);
        }

        return request;
    }

    private static async Task WriteErrorAsync(HttpResponse response, int status, string type, string message, CancellationToken cancellationToken)
    {
        // The shape of the real API's errors, so Codex reports the message instead of a parse failure.
        var error = new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = type,
                ["param"] = null,
                ["code"] = type,
            },
        };
        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.WriteAsync(error.ToJsonString(), cancellationToken);
    }
}
