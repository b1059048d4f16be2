using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Baton.ScriptedModel;

/// <summary>Reads a request body as text, undoing the content encodings .NET can decode on its own.</summary>
/// <remarks>
/// Codex 0.169.0 sends plain JSON with a Content-Length to a custom provider; it compresses (zstd) only with a
/// ChatGPT login and its request-compression feature on. Decoding gzip, deflate and br costs nothing and keeps a
/// future change from turning into empty user messages; anything else is refused loudly.
/// </remarks>
internal static class RequestBodyReader
{
    /// <returns>The body, or <see langword="null"/> when its Content-Encoding is not supported.</returns>
    public static async Task<string?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var encoding = request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        Stream? body = encoding switch
        {
            "" or "identity" => request.Body,
            "gzip" or "x-gzip" => new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            "deflate" => new ZLibStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            "br" => new BrotliStream(request.Body, CompressionMode.Decompress, leaveOpen: true),
            _ => null,
        };
        if (body is null)
        {
            return null;
        }

        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: body == request.Body);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
