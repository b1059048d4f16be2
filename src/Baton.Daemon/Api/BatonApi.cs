using System.Text.Json;
using Baton.Core.Delivery;
using Baton.Core.Security;
using Baton.Daemon.Hosting;
using Baton.Daemon.Security;
using Baton.Daemon.Tls;
using Baton.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Baton.Daemon.Api;

/// <summary>The daemon's HTTP+JSON operations; the CLI is one client of these, automation can be another.</summary>
internal static class BatonApi
{
    public static void MapBatonApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(ApiRoutes.Status, GetStatusAsync);
        app.MapPost(ApiRoutes.Shutdown, Shutdown);
        app.MapGet(ApiRoutes.Sessions, async (HttpContext context, InjectionService service, CancellationToken ct) =>
            TokenScopeGuard.Visible(context.GetCaller(), await service.ListSessionsAsync(ct)));
        app.MapGet("/v1/sessions/{session}", async (string session, HttpContext context, TokenScopeGuard guard, InjectionService service, CancellationToken ct) =>
        {
            await guard.EnsureMayReadAsync(context.GetCaller(), session, ct);
            return await service.GetSessionAsync(session, ct);
        });
        app.MapPost("/v1/sessions/{session}/messages", InjectAsync);
        app.MapGet("/v1/messages/{messageId}", GetMessageAsync);
        app.MapGet("/v1/sessions/{session}/events", StreamEventsAsync);
    }

    private static async Task<DaemonStatus> GetStatusAsync(DaemonOptions options, DaemonClock clock, AgentRegistry agents, ListenerInfo listener, CancellationToken ct)
    {
        var endpoints = new List<AgentEndpointStatus>();
        foreach (var backend in agents.All)
        {
            endpoints.Add(await backend.ProbeAsync(ct));
        }

        return new DaemonStatus
        {
            Pid = Environment.ProcessId,
            Version = typeof(BatonApi).Assembly.GetName().Version?.ToString() ?? "0.0.0",
            BatonHome = options.Paths.Home,
            SocketPath = options.Paths.SocketPath,
            StartedAt = clock.StartedAt,
            Agents = endpoints,
            Listen = listener.Url,
            TlsFingerprint = listener.Fingerprint?.ToString(),
        };
    }

    private static IResult Shutdown(HttpContext context, IHostApplicationLifetime lifetime, ILogger<DaemonHost> logger)
    {
        AccessPolicy.EnsureOwner(context.GetCaller(), "stop the daemon");
        DaemonLog.ShutdownRequested(logger);

        // Answer first, then stop: the caller learns the request was taken.
        _ = Task.Run(async () =>
        {
            await Task.Delay(50);
            lifetime.StopApplication();
        });
        return Results.Accepted();
    }

    private static async Task<Receipt> InjectAsync(string session, HttpRequest request, TokenScopeGuard guard, InjectionService service, CancellationToken ct)
    {
        InjectRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(request.Body, BatonJsonContext.Default.InjectRequest, ct);
        }
        catch (JsonException ex)
        {
            throw new Core.Errors.InvalidRequestException($"The inject request is not valid: {ex.Message}");
        }

        if (body is null)
        {
            throw new Core.Errors.InvalidRequestException("The inject request body is empty; send a JSON object with at least \"text\".");
        }

        await guard.EnsureMayInjectAsync(request.HttpContext.GetCaller(), session, body.Agent, ct);
        return await service.InjectAsync(session, body, ct);
    }

    /// <summary>Newline-delimited JSON, one <see cref="SessionEvent"/> a line, flushed as each happens, until the caller leaves.</summary>
    private static async Task StreamEventsAsync(string session, HttpContext context, TokenScopeGuard guard, InjectionService service)
    {
        var ct = context.RequestAborted;
        await guard.EnsureMayReadAsync(context.GetCaller(), session, ct);
        var (_, events) = await service.WatchAsync(session, ct);
        context.Response.ContentType = "application/x-ndjson";
        await context.Response.StartAsync(ct);
        try
        {
            await foreach (var item in events.WithCancellation(ct))
            {
                await JsonSerializer.SerializeAsync(context.Response.Body, item, BatonJsonContext.Default.SessionEvent, ct);
                await context.Response.Body.WriteAsync("\n"u8.ToArray(), ct);
                await context.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The watcher left.
        }
    }

    private static async Task<Receipt> GetMessageAsync(string messageId, bool? wait, long? timeoutMs, HttpContext context, TokenScopeGuard guard, InjectionService service, CancellationToken ct)
    {
        await guard.EnsureMayReadMessageAsync(context.GetCaller(), messageId, ct);
        return await service.GetMessageAsync(messageId, wait ?? false, timeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, ct);
    }
}
