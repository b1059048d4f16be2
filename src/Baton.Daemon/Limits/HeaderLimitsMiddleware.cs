using Baton.Daemon.Api;
using Microsoft.AspNetCore.Http;

namespace Baton.Daemon.Limits;

/// <summary>
/// Refuses requests with too many or too large headers with a 431 problem+json that names the limit. Kestrel
/// enforces the same limits at four times these values as a backstop; past that it answers a bare 431 itself.
/// </summary>
internal sealed class HeaderLimitsMiddleware(RequestDelegate next, DaemonLimits limits)
{
    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        var count = 0;
        long size = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                count++;

                // As on the wire: "name: value\r\n".
                size += name.Length + (value?.Length ?? 0) + 4;
            }
        }

        if (count > limits.MaxRequestHeaderCount)
        {
            return ProblemMiddleware.WriteAsync(context, ProblemMapping.Limit(
                StatusCodes.Status431RequestHeaderFieldsTooLarge,
                $"The request has {count} header lines; the limit is {limits.MaxRequestHeaderCount} (maxRequestHeaderCount)."));
        }

        if (size > limits.MaxRequestHeadersTotalBytes)
        {
            return ProblemMiddleware.WriteAsync(context, ProblemMapping.Limit(
                StatusCodes.Status431RequestHeaderFieldsTooLarge,
                $"The request headers are {size} bytes; the limit is {limits.MaxRequestHeadersTotalBytes} bytes (maxRequestHeadersTotalBytes)."));
        }

        return next(context);
    }
}
