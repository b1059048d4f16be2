using System.Globalization;
using System.Text.Json;
using Baton.Core.Audit;
using Baton.Core.Delivery;
using Baton.Core.Errors;
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
        app.MapGet(ApiRoutes.Sessions, (HttpContext context, InjectionService service, CancellationToken ct) => service.ListSessionsAsync(context.Caller(), ct));
        app.MapGet("/v1/sessions/{session}", (string session, HttpContext context, InjectionService service, CancellationToken ct) => service.GetSessionAsync(SessionRouteValue.From(context, session), context.Caller(), ct));
        app.MapPost("/v1/sessions/{session}/messages", InjectAsync);
        app.MapGet("/v1/messages/{messageId}", GetMessageAsync);
        app.MapGet("/v1/sessions/{session}/events", StreamEventsAsync);
        app.MapGet(ApiRoutes.Audit, GetAuditAsync);

        // Anything else (a wrong method, a path that ../ or %2e%2e collapsed into another) still gets problem+json.
        app.MapFallback((HttpContext context) => Results.Json(
            ProblemMapping.Usage($"There is no API operation {context.Request.Method} {context.Request.Path}. The operations are listed in the README (GET /v1/sessions, POST /v1/sessions/{{session}}/messages, ...).") with { Status = StatusCodes.Status404NotFound },
            BatonJsonContext.Default.ApiProblem,
            "application/problem+json",
            StatusCodes.Status404NotFound));
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

    private static async Task<IResult> Shutdown(HttpContext context, AuditRecorder audit, IHostApplicationLifetime lifetime, ILogger<DaemonHost> logger)
    {
        await audit.EnsureOwnerAsync(AuditActions.Shutdown, context.Caller(), "stop the daemon");
        DaemonLog.ShutdownRequested(logger);

        // Answer first, then stop: the caller learns the request was taken.
        _ = Task.Run(async () =>
        {
            await Task.Delay(50);
            lifetime.StopApplication();
        });
        return Results.Accepted();
    }

    private static async Task<Receipt> InjectAsync(string session, HttpContext context, InjectionService service, CancellationToken ct)
    {
        var caller = context.Caller();
        InjectRequest body;
        try
        {
            body = await ReadInjectRequestAsync(context.Request, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A request that never reached the rules is still a request: it lands in the audit log too.
            await service.RecordUnreadableInjectAsync(SessionRouteValue.From(context, session), caller, ex);
            throw;
        }

        return await service.InjectAsync(SessionRouteValue.From(context, session), body, caller, ct);
    }

    /// <remarks>
    /// The body is read whole (Kestrel bounds it by maxRequestBodyBytes) and checked to be UTF-8 before it is parsed,
    /// so a bad byte gets its own clear answer. Unknown fields are ignored, for clients newer than this daemon.
    /// </remarks>
    private static async Task<InjectRequest> ReadInjectRequestAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw new Core.Errors.InvalidRequestException(
                $"The request body is not valid UTF-8 (the first bad byte is at offset {InvalidUtf8Offset(bytes)}). Baton accepts JSON in UTF-8 only.",
                ErrorCodes.InvalidText);
        }

        InjectRequest? body;
        try
        {
            body = JsonSerializer.Deserialize(bytes, BatonJsonContext.Default.InjectRequest);
        }
        catch (JsonException ex)
        {
            throw new InvalidRequestException($"The inject request is not valid: {JsonErrorText.Of(ex)}");
        }

        return body ?? throw new InvalidRequestException("The inject request body is empty; send a JSON object with at least \"text\".");
    }

    /// <summary>The audit log, newest first; owner-only, since it names every caller and session.</summary>
    private static async Task<AuditEntryList> GetAuditAsync(HttpContext context, AuditRecorder audit, IAuditLog log, string? session, string? hookName, string? since, string? limit, CancellationToken ct)
    {
        await audit.EnsureOwnerAsync(AuditActions.ReadAudit, context.Caller(), "read the audit log");
        var query = new AuditQuery
        {
            Session = string.IsNullOrEmpty(session) ? null : session,
            HookName = string.IsNullOrEmpty(hookName) ? null : hookName,
            Since = ParseSince(since),
            Limit = ParseLimit(limit),
        };
        var entries = await log.QueryAsync(query, ct);
        return new AuditEntryList([.. entries.Select(AuditWire.ToWire)]);
    }

    private static DateTimeOffset? ParseSince(string? since)
    {
        if (string.IsNullOrEmpty(since))
        {
            return null;
        }

        return DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new InvalidRequestException($"The 'since' value '{since}' is not an ISO-8601 time such as 2025-01-31T09:00:00Z.");
    }

    private static int ParseLimit(string? limit)
    {
        if (string.IsNullOrEmpty(limit))
        {
            return new AuditQuery().Limit;
        }

        return int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= Storage.Sqlite.SqliteAuditLog.MaxLimit
            ? value
            : throw new InvalidRequestException($"The 'limit' value '{limit}' is not a whole number from 1 to {Storage.Sqlite.SqliteAuditLog.MaxLimit}.");
    }

    private static int InvalidUtf8Offset(ReadOnlySpan<byte> bytes)
    {
        Span<char> scratch = stackalloc char[256];
        var offset = 0;
        while (offset < bytes.Length)
        {
            var status = System.Text.Unicode.Utf8.ToUtf16(bytes[offset..], scratch, out var read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status == System.Buffers.OperationStatus.InvalidData)
            {
                break;
            }
        }

        return offset;
    }

    /// <summary>Newline-delimited JSON, one <see cref="SessionEvent"/> a line, flushed as each happens, until the caller leaves.</summary>
    private static async Task StreamEventsAsync(string session, HttpContext context, InjectionService service)
    {
        var ct = context.RequestAborted;
        var (_, events) = await service.WatchAsync(SessionRouteValue.From(context, session), context.Caller(), ct);
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

    private static Task<Receipt> GetMessageAsync(string messageId, bool? wait, long? timeoutMs, HttpContext context, InjectionService service, CancellationToken ct) =>
        service.GetMessageAsync(messageId, wait ?? false, timeoutMs is { } ms ? TimeSpan.FromMilliseconds(Math.Clamp(ms, -1, InjectRequestValidator.MaxTimeoutMs + 1)) : null, context.Caller(), ct);
}
