using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Baton.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Baton.Cli.Tests.Infrastructure;

/// <summary>
/// A stand-in for the Baton daemon: Kestrel on a Unix socket that records every request and answers the way a
/// test tells it to. Only the client side is under test here; the real daemon has its own tests.
/// </summary>
public sealed class StandInDaemon : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private StandInDaemon(WebApplication app, string socketPath)
    {
        _app = app;
        SocketPath = socketPath;
        Status = new DaemonStatus
        {
            Pid = Environment.ProcessId,
            Version = "0.0.0-test",
            BatonHome = System.IO.Path.GetDirectoryName(socketPath)!,
            SocketPath = socketPath,
            StartedAt = DateTimeOffset.UtcNow,
            Agents = [new AgentEndpointStatus("codex", "/home/test/.codex", "unix:///codex.sock", Reachable: true, Error: null)],
        };
    }

    public string SocketPath { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>What <c>GET /v1/status</c> answers.</summary>
    public DaemonStatus Status { get; set; }

    /// <summary>Answers a request and returns true, or returns false to leave it to the defaults (status, 404).</summary>
    public Func<HttpContext, RecordedRequest, Task<bool>>? Handler { get; set; }

    /// <summary>Requests other than the status polls the CLI makes on its own.</summary>
    public IReadOnlyList<RecordedRequest> CallsExceptStatus => [.. Requests.Where(r => r.Path != ApiRoutes.Status)];

    public static async Task<StandInDaemon> StartAsync(string socketPath, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(socketPath));
        var app = builder.Build();
        var daemon = new StandInDaemon(app, socketPath);
        app.Run(daemon.HandleAsync);
        await app.StartAsync(cancellationToken);
        return daemon;
    }

    public static Task RespondAsync<T>(HttpContext context, T value, JsonTypeInfo<T> typeInfo, int status = StatusCodes.Status200OK, string contentType = "application/json")
    {
        return RespondRawAsync(context, JsonSerializer.Serialize(value, typeInfo), status, contentType);
    }

    public static Task RespondProblemAsync(HttpContext context, ApiProblem problem) =>
        RespondAsync(context, problem, BatonJsonContext.Default.ApiProblem, problem.Status, "application/problem+json");

    /// <summary>Answers every inject with <paramref name="receipt"/>.</summary>
    public void AnswerInjectWith(Receipt receipt) => AnswerInjects(context => RespondAsync(context, receipt, BatonJsonContext.Default.Receipt));

    /// <summary>Answers every inject with <paramref name="problem"/>.</summary>
    public void AnswerInjectWith(ApiProblem problem) => AnswerInjects(context => RespondProblemAsync(context, problem));

    /// <summary>Answers every inject with 200 and <paramref name="json"/> as it is, whether a receipt or not.</summary>
    public void AnswerInjectWith(string json) => AnswerInjects(context => RespondRawAsync(context, json, StatusCodes.Status200OK, "application/json"));

    /// <summary>Answers every request, the status probe too, with <paramref name="body"/> as it is.</summary>
    public void AnswerEveryRequestWith(string body, int status = StatusCodes.Status200OK, string contentType = "application/json") => Handler = async (context, _) =>
    {
        await RespondRawAsync(context, body, status, contentType);
        return true;
    };

    private void AnswerInjects(Func<HttpContext, Task> respond) => Handler = async (context, request) =>
    {
        if (request.Method != "POST" || !request.Path.EndsWith("/messages", StringComparison.Ordinal))
        {
            return false;
        }

        await respond(context);
        return true;
    };

    private static Task RespondRawAsync(HttpContext context, string body, int status, string contentType)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>The one inject request received, with its body decoded.</summary>
    public InjectRequest SingleInject()
    {
        var request = Assert.Single(Requests, r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal));
        return JsonSerializer.Deserialize(request.Body, BatonJsonContext.Default.InjectRequest)!;
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var request = new RecordedRequest(
            context.Request.Method,
            raw,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            body,
            context.Request.ContentType)
        {
            Authorization = context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null,
        };
        Requests.Enqueue(request);

        if (Handler is { } handler && await handler(context, request))
        {
            return;
        }

        if (request.Method == "GET" && request.Path == ApiRoutes.Status)
        {
            await RespondAsync(context, Status, BatonJsonContext.Default.DaemonStatus);
            return;
        }

        await RespondProblemAsync(context, new ApiProblem
        {
            Title = "Not found",
            Status = StatusCodes.Status404NotFound,
            Detail = $"The stand-in daemon has no answer for {request.Method} {raw}.",
            Code = ErrorCodes.Internal,
        });
    }
}
