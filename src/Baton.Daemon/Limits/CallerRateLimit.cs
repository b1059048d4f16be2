using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Baton.Core.Security;
using Baton.Daemon.Api;
using Baton.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

using Baton.Daemon.Security;

namespace Baton.Daemon.Limits;

/// <summary>
/// A token bucket per caller: <see cref="DaemonLimits.RateLimitBurst"/> requests at once, refilled at
/// <see cref="DaemonLimits.RateLimitPerSecond"/> a second. The status probe is exempt: the CLI polls it while a
/// daemon starts, and it does no work.
/// </summary>
internal static class CallerRateLimit
{
    public static void AddCallerRateLimit(this IServiceCollection services, DaemonLimits limits)
    {
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                limits.RateLimitPerSecond <= 0 || context.Request.Path.StartsWithSegments(ApiRoutes.Status)
                    ? RateLimitPartition.GetNoLimiter("exempt")
                    : RateLimitPartition.GetTokenBucketLimiter(CallerKey(context), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = limits.RateLimitBurst,
                        // A rate under one a second adds one token per 1/rate seconds.
                        TokensPerPeriod = Math.Max(1, (int)limits.RateLimitPerSecond),
                        ReplenishmentPeriod = TimeSpan.FromSeconds(limits.RateLimitPerSecond >= 1 ? 1 : 1 / limits.RateLimitPerSecond),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            options.OnRejected = async (rejected, _) =>
            {
                var response = rejected.HttpContext.Response;
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                var problem = ProblemMapping.RateLimited(
                    $"Too many requests from this caller: the limit is {limits.RateLimitPerSecond} a second with bursts of {limits.RateLimitBurst} " +
                    "(rateLimitPerSecond, rateLimitBurst). Nothing was done; retry after the Retry-After seconds.");
                response.StatusCode = problem.Status;
                response.ContentType = "application/problem+json";
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await JsonSerializer.SerializeAsync(response.Body, problem, BatonJsonContext.Default.ApiProblem, rejected.HttpContext.RequestAborted);
            };
        });
    }

    public static IApplicationBuilder UseCallerRateLimit(this IApplicationBuilder app) => app.UseRateLimiter();

    /// <summary>
    /// Who the bucket belongs to: the token, else the peer's uid (read by the caller-identity middleware, which runs
    /// before the limiter); a caller with neither shares one bucket per remote address.
    /// </summary>
    private static string CallerKey(HttpContext context) => context.Caller() switch
    {
        { Token: { } token } => "token:" + token.TokenId,
        { Uid: { } uid } => "uid:" + uid.ToString(CultureInfo.InvariantCulture),
        _ => context.Connection.RemoteIpAddress is { } address ? "ip:" + address : "local",
    };
}
