using System.Text.Json;
using Baton.Core.Errors;
using Baton.Daemon.Hosting;
using Baton.Daemon.Limits;
using Baton.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Baton.Daemon.Api;

/// <summary>Catches what the endpoints throw and answers with problem+json, so every failure has a code and a reason.</summary>
internal sealed class ProblemMiddleware(RequestDelegate next, DaemonLimits limits, ILogger<ProblemMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BatonException ex)
        {
            await WriteAsync(context, ProblemMapping.From(ex));
        }
        catch (JsonException ex)
        {
            await WriteAsync(context, ProblemMapping.Usage($"The request body is not valid JSON for this call: {JsonErrorText.Of(ex)}"));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteAsync(context, ProblemMapping.Limit(
                ex.StatusCode,
                $"The request body is larger than the limit of {limits.EffectiveMaxRequestBodyBytes} bytes (maxRequestBodyBytes). Nothing was stored."));
        }
        catch (BadHttpRequestException ex)
        {
            await WriteAsync(context, ProblemMapping.Usage(ex.Message) with { Status = ex.StatusCode });
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; the message, if any, lives on in the store.
        }
        catch (Exception ex)
        {
            DaemonLog.InternalError(logger, ex, context.Request.Method, context.Request.Path);
            await WriteAsync(context, ProblemMapping.Internal($"Internal error: {ex.Message}. This is a bug; the daemon log has the details."));
        }
    }

    public static async Task WriteAsync(HttpContext context, ApiProblem problem)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = problem.Status;
        context.Response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, BatonJsonContext.Default.ApiProblem, context.RequestAborted);
    }
}
