using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Baton.Client.Transport;
using Baton.Protocol;
using Baton.Protocol.Wire;

namespace Baton.Client;

/// <summary>
/// Talks HTTP/1.1 + JSON to the Baton daemon over its Unix socket. Every call maps to one route in
/// <see cref="ApiRoutes"/>; errors come back as <see cref="BatonClientException"/> subclasses.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="HttpClient.Timeout"/> is infinite because <c>inject --wait</c> may legitimately wait for a long turn;
/// callers bound time with their cancellation token (and tell the daemon their budget in the request).
/// </para>
/// <para>
/// Serialization goes only through <see cref="BatonJsonContext.Default"/> so the client stays trimming- and
/// AOT-safe.
/// </para>
/// </remarks>
public sealed class BatonClient : IDisposable
{
    private const string ProblemMediaType = "application/problem+json";

    private readonly Lazy<HttpClient> _http;
    private readonly BlockingSocketHttp? _blocking;
    private readonly string? _bearerToken;
    private readonly ServerCertificateCheck? _certificateCheck;

    /// <param name="socketPath">The daemon's Unix socket.</param>
    /// <param name="bearerToken">
    /// Sent as <c>Authorization: Bearer</c> on every request when given: lets a caller that is not the daemon's
    /// owner reach the one session the token opens.
    /// </param>
    /// <param name="blockingCalls">
    /// Makes every call except <see cref="WatchAsync"/> with plain blocking I/O on a connection of its own, starting
    /// no thread: the fastest way for a process that makes a call or two and exits (the CLI). Leave it false in a
    /// program that makes calls concurrently: a blocking call holds its thread until the answer. Ignored on Windows.
    /// </param>
    public BatonClient(string socketPath, string? bearerToken = null, bool blockingCalls = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        if (bearerToken is not null && !IsWellFormedToken(bearerToken))
        {
            throw new ArgumentException("A bearer token is printable ASCII without spaces.", nameof(bearerToken));
        }

        SocketPath = socketPath;
        _bearerToken = bearerToken;
        _blocking = blockingCalls && !OperatingSystem.IsWindows() ? new BlockingSocketHttp(socketPath) : null;

        // Made on first use only, so a client that only makes blocking calls never builds HttpClient's machinery.
        _http = new Lazy<HttpClient>(() =>
        {
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = (_, cancellationToken) => ConnectAsync(socketPath, cancellationToken),
                UseProxy = false,
                UseCookies = false,
                AllowAutoRedirect = false,
            };

            // The host name is never resolved: ConnectCallback always dials the socket.
            return CreateHttpClient(handler, new Uri("http://baton/"), bearerToken);
        });
    }

    private BatonClient(RemoteDaemon remote, string bearerToken)
    {
        SocketPath = remote.BaseAddress.GetLeftPart(UriPartial.Authority);
        var check = new ServerCertificateCheck(remote);
        _certificateCheck = check;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => check.Validate(certificate, errors) },
        };
        _http = new Lazy<HttpClient>(CreateHttpClient(handler, new Uri(SocketPath + "/"), bearerToken));
    }

    /// <summary>
    /// A client of a daemon's TLS listener. The token is required there; the certificate is checked as
    /// <paramref name="remote"/> says before the first byte of a request (and so the token) is sent.
    /// </summary>
    public static BatonClient ForRemote(RemoteDaemon remote, string bearerToken)
    {
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentException.ThrowIfNullOrEmpty(bearerToken);
        if (remote.BaseAddress.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"The remote daemon's address must be https://HOST:PORT, not {remote.BaseAddress}.", nameof(remote));
        }

        return new BatonClient(remote, bearerToken);
    }

    /// <summary>
    /// Whether <paramref name="token"/> can be sent: printable ASCII without spaces, as every Baton token is. It is
    /// written into the request head as it is, where a line break would end the header and start another.
    /// </summary>
    public static bool IsWellFormedToken(string token) => token.All(c => c is >= '!' and <= '~');

    /// <summary>Where the daemon is: its socket path, or <c>https://HOST:PORT</c> for a remote one.</summary>
    public string SocketPath { get; }

    private static HttpClient CreateHttpClient(SocketsHttpHandler handler, Uri baseAddress, string? bearerToken)
    {
        var http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (!string.IsNullOrEmpty(bearerToken))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return http;
    }

    public Task<DaemonStatus> GetStatusAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, ApiRoutes.Status, body: null, BatonJsonContext.Default.DaemonStatus, cancellationToken);

    /// <summary>Asks the daemon to exit; it answers 202 first and stops shortly after.</summary>
    public async Task ShutdownAsync(CancellationToken cancellationToken) =>
        ThrowIfError(await SendForAnswerAsync(HttpMethod.Post, ApiRoutes.Shutdown, body: null, cancellationToken));

    /// <summary>Makes a token for one session; the answer holds the token text, which the daemon cannot show again.</summary>
    public Task<TokenCreated> CreateTokenAsync(TokenCreateRequest request, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Post,
            ApiRoutes.Tokens,
            JsonSerializer.SerializeToUtf8Bytes(request, BatonJsonContext.Default.TokenCreateRequest),
            BatonJsonContext.Default.TokenCreated,
            cancellationToken);

    public Task<TokenList> ListTokensAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, ApiRoutes.Tokens, body: null, BatonJsonContext.Default.TokenList, cancellationToken);

    public Task<TokenInfo> RevokeTokenAsync(string tokenId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, ApiRoutes.Token(tokenId), body: null, BatonJsonContext.Default.TokenInfo, cancellationToken);

    public Task<SessionList> ListSessionsAsync(bool all, CancellationToken cancellationToken) =>
        SendAsync(
            HttpMethod.Get,
            $"{ApiRoutes.Sessions}?all={(all ? "true" : "false")}",
            body: null,
            BatonJsonContext.Default.SessionList,
            cancellationToken);

    public Task<SessionDetail> GetSessionAsync(string session, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, ApiRoutes.Session(session), body: null, BatonJsonContext.Default.SessionDetail, cancellationToken);

    /// <summary>
    /// Injects one message. Whenever the daemon created a message record the answer is a <see cref="Receipt"/>,
    /// whatever its status (failed, timeout, held, ...); only requests that produced no message throw.
    /// </summary>
    public Task<Receipt> InjectAsync(string session, InjectRequest request, CancellationToken cancellationToken) =>
        SendForReceiptAsync(HttpMethod.Post, ApiRoutes.SessionMessages(session), InjectRequestWriter.Write(request), cancellationToken);

    /// <summary>The audit log, newest first; every filter is optional. Only the daemon's owner may read it.</summary>
    public Task<AuditEntryList> GetAuditAsync(string? session, string? hookName, DateTimeOffset? since, int? limit, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (session is not null)
        {
            query.Add("session=" + Uri.EscapeDataString(session));
        }

        if (hookName is not null)
        {
            query.Add("hookName=" + Uri.EscapeDataString(hookName));
        }

        if (since is { } time)
        {
            query.Add("since=" + Uri.EscapeDataString(time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
        }

        if (limit is { } count)
        {
            query.Add("limit=" + count.ToString(CultureInfo.InvariantCulture));
        }

        var path = query.Count == 0 ? ApiRoutes.Audit : ApiRoutes.Audit + "?" + string.Join('&', query);
        return SendAsync(HttpMethod.Get, path, body: null, BatonJsonContext.Default.AuditEntryList, cancellationToken);
    }

    /// <summary>
    /// Reads one receipt. With <paramref name="wait"/> the daemon holds the answer until the message's turn ends or
    /// <paramref name="timeout"/> runs out (then the receipt's status is <c>timeout</c>).
    /// </summary>
    public Task<Receipt> GetMessageAsync(string messageId, bool wait, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var path = ApiRoutes.Message(messageId);
        if (wait)
        {
            path += "?wait=true";
            if (timeout is { } limit)
            {
                var milliseconds = (long)Math.Ceiling(Math.Max(0, limit.TotalMilliseconds));
                path += "&timeoutMs=" + milliseconds.ToString(CultureInfo.InvariantCulture);
            }
        }

        return SendForReceiptAsync(HttpMethod.Get, path, body: null, cancellationToken);
    }

    /// <summary>
    /// Follows a session live: the daemon streams one <see cref="SessionEvent"/> per line until the caller cancels.
    /// </summary>
    public async IAsyncEnumerable<SessionEvent> WatchAsync(string session, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ApiRoutes.SessionEvents(session));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/x-ndjson"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ProblemMediaType));
        HttpResponseMessage response;
        try
        {
            response = await _http.Value.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw TransportFailure(exception);
        }

        using (response)
        {
            await ThrowIfErrorAsync(response, cancellationToken);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                SessionEvent? item;
                try
                {
                    item = JsonSerializer.Deserialize(line, BatonJsonContext.Default.SessionEvent);
                }
                catch (JsonException exception)
                {
                    throw new DaemonProtocolException(SocketPath, $"invalid event line ({exception.Message}).", exception);
                }

                if (item is not null)
                {
                    yield return item;
                }
            }
        }
    }

    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }

    /// <summary>
    /// Windows: the daemon's named pipe. CurrentUserOnly makes the client check that the pipe's owner is this user,
    /// so another user cannot stand up a look-alike pipe and read what is sent.
    /// </summary>
    private static async ValueTask<Stream> ConnectPipeAsync(string pipeName, CancellationToken cancellationToken)
    {
        var pipe = new System.IO.Pipes.NamedPipeClientStream(
            ".", pipeName, System.IO.Pipes.PipeDirection.InOut, System.IO.Pipes.PipeOptions.Asynchronous | System.IO.Pipes.PipeOptions.CurrentUserOnly);
        try
        {
            await pipe.ConnectAsync(cancellationToken);
            return pipe;
        }
        catch
        {
            await pipe.DisposeAsync();
            throw;
        }
    }

    private static async ValueTask<Stream> ConnectAsync(string socketPath, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            return await ConnectPipeAsync(BatonPaths.PipeNameFor(socketPath), cancellationToken);
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private Task<T> SendAsync<T>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        SendAsync(method, path, body, answer => JsonSerializer.Deserialize(answer, typeInfo), cancellationToken);

    /// <summary>
    /// As above for the commands a script runs many times (inject, message): the request and the receipt go through
    /// <see cref="InjectRequestWriter"/> and <see cref="ReceiptReader"/>, not the serializer, whose first use in a new
    /// process costs more than the rest of the JSON work together.
    /// </summary>
    private Task<Receipt> SendForReceiptAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken) =>
        SendAsync(method, path, body, answer => ReceiptReader.Read(answer), cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, byte[]? body, Func<byte[], T?> read, CancellationToken cancellationToken)
    {
        var response = await SendForAnswerAsync(method, path, body, cancellationToken);
        ThrowIfError(response);
        try
        {
            return read(response.Body)
                ?? throw new DaemonProtocolException(SocketPath, $"the body of {typeof(T).Name} was null.");
        }
        catch (JsonException exception)
        {
            throw new DaemonProtocolException(SocketPath, $"invalid {typeof(T).Name} JSON ({exception.Message}).", exception);
        }
    }

    /// <summary>One request with an optional JSON body, and its whole answer, whatever its status.</summary>
    private async Task<RawHttpResponse> SendForAnswerAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        if (_blocking is { } blocking)
        {
            try
            {
                return blocking.Send(method.Method, path, body, _bearerToken, cancellationToken);
            }
            catch (SocketException exception)
            {
                throw TransportFailure(exception);
            }
            catch (InvalidDataException exception)
            {
                throw new DaemonProtocolException(SocketPath, exception.Message, exception);
            }
        }

        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } };
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ProblemMediaType));
        try
        {
            using var response = await _http.Value.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            return new RawHttpResponse((int)response.StatusCode, response.ReasonPhrase ?? string.Empty, await response.Content.ReadAsByteArrayAsync(cancellationToken));
        }
        catch (HttpRequestException exception)
        {
            throw TransportFailure(exception);
        }
    }

    private static void ThrowIfError(RawHttpResponse response)
    {
        if (!response.IsSuccess)
        {
            throw new BatonApiException(ParseProblem(Encoding.UTF8.GetString(response.Body), response.Status, response.ReasonPhrase), response.Status);
        }
    }

    private static async Task ThrowIfErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            ThrowIfError(new RawHttpResponse((int)response.StatusCode, response.ReasonPhrase ?? string.Empty, await response.Content.ReadAsByteArrayAsync(cancellationToken)));
        }
    }

    /// <summary>
    /// Reads a problem+json body. A body that is not one (a proxy, a daemon too old to know the route) still
    /// becomes a problem, coded <c>internal</c>, so callers have one error shape to handle.
    /// </summary>
    private static ApiProblem ParseProblem(string body, int status, string? reasonPhrase)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                var problem = JsonSerializer.Deserialize(body, BatonJsonContext.Default.ApiProblem);
                if (problem is not null && !string.IsNullOrEmpty(problem.Code))
                {
                    return problem.Status == 0 ? problem with { Status = status } : problem;
                }
            }
            catch (JsonException)
            {
                // Not a problem body; described below from the status line and raw text.
            }
        }

        var text = body.Trim();
        if (text.Length > 500)
        {
            text = string.Concat(text.AsSpan(0, 500), "…");
        }

        var statusLine = string.IsNullOrEmpty(reasonPhrase) ? $"HTTP {status}" : $"HTTP {status} {reasonPhrase}";
        return new ApiProblem
        {
            Title = statusLine,
            Status = status,
            Detail = text.Length == 0
                ? $"The daemon answered {statusLine} without an error body."
                : $"The daemon answered {statusLine}: {text}",
            Code = ErrorCodes.Internal,
        };
    }

    /// <summary>
    /// A missing socket file (ENOENT, which .NET reports as AddressNotAvailable) or one nobody accepts on
    /// (ECONNREFUSED) means no daemon: the request was never sent, so starting one and retrying is safe.
    /// </summary>
    private static bool IsNothingListening(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket)
            {
                return socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable;
            }
        }

        return false;
    }

    private BatonClientException TransportFailure(Exception exception)
    {
        if (IsNothingListening(exception))
        {
            return new DaemonNotRunningException(SocketPath, exception);
        }

        if (_certificateCheck?.Failure is { } failure)
        {
            return new ServerCertificateRejectedException(SocketPath, failure, _certificateCheck.Presented, exception);
        }

        return new DaemonUnreachableException(SocketPath, DescribeTransportFailure(exception), exception)
        {
            DroppedBeforeAnswer = WasDropped(exception),
            AccessDenied = IsAccessDenied(exception),
        };
    }

    /// <summary>The connection was reset or closed before an answer, as opposed to refused for a reason (permissions).</summary>
    private static bool WasDropped(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SocketException socket when socket.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown:
                case HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded }:
                    return true;
            }
        }

        return false;
    }

    private static bool IsAccessDenied(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is SocketException { SocketErrorCode: SocketError.AccessDenied })
            {
                return true;
            }
        }

        return false;
    }

    private static string DescribeTransportFailure(Exception exception)
    {
        if (IsAccessDenied(exception))
        {
            return "permission denied; the socket belongs to another user.";
        }

        var innermost = exception.GetBaseException();
        return innermost == exception ? exception.Message : $"{exception.Message} ({innermost.Message})";
    }
}
