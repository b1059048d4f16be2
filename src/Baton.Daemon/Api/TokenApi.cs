using System.Text.Json;
using Baton.Core.Errors;
using Baton.Core.Security;
using Baton.Daemon.Security;
using Baton.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Baton.Daemon.Api;

/// <summary>Token management: <c>POST/GET /v1/tokens</c>, <c>DELETE /v1/tokens/{id}</c>; owner only, so never over TCP.</summary>
internal static class TokenApi
{
    public static void MapTokenApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(ApiRoutes.Tokens, CreateAsync);
        app.MapGet(ApiRoutes.Tokens, (HttpContext context, TokenService tokens, CancellationToken ct) => tokens.ListAsync(context.Caller(), ct));
        app.MapDelete("/v1/tokens/{tokenId}", (string tokenId, HttpContext context, TokenService tokens, CancellationToken ct) => tokens.RevokeAsync(context.Caller(), tokenId, ct));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, TokenService tokens, CancellationToken ct)
    {
        // Owner first, before the body is read: a refused caller learns nothing from a parse error.
        var caller = context.Caller();
        AccessPolicy.EnsureOwner(caller, "create tokens");
        TokenCreateRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, BatonJsonContext.Default.TokenCreateRequest, ct);
        }
        catch (JsonException ex)
        {
            throw new InvalidRequestException($"The token request is not valid: {ex.Message}");
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Session))
        {
            throw new InvalidRequestException("The token request needs \"session\": the session the token opens, by name or id.");
        }

        var created = await tokens.CreateAsync(caller, body, ct);
        return Results.Json(created, BatonJsonContext.Default.TokenCreated, statusCode: StatusCodes.Status201Created);
    }
}
