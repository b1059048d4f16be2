using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Baton.Tests.Infrastructure;

namespace Baton.EndToEnd.Tests;

/// <summary>A daemon with its TLS listener on a free loopback port, started the way a user does (<c>daemon start --listen</c>).</summary>
internal sealed record TlsListener(string Url, string Fingerprint)
{
    public const string TokenVariable = "BATON_TEST_TOKEN";

    public static async Task<TlsListener> StartAsync(BatonTestHome baton, CancellationToken cancellationToken)
    {
        var start = await baton.RunAsync(cancellationToken, "daemon", "start", "--listen", $"tcp://127.0.0.1:{FreePort()}");
        Assert.True(start.ExitCode == 0, start.ToString());
        var status = await baton.RunAsync(cancellationToken, "daemon", "status", "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        var json = JsonOutput.Single(status.StdOut);
        var listener = new TlsListener(json.Str("listen"), json.Str("tlsFingerprint"));
        Assert.StartsWith("https://127.0.0.1:", listener.Url, StringComparison.Ordinal);
        Assert.Contains(listener.Fingerprint, start.StdOut, StringComparison.Ordinal);
        return listener;
    }

    /// <summary>Makes a token as the owner, over the socket, and returns its text and id.</summary>
    public static async Task<(string Token, string Id)> CreateTokenAsync(BatonTestHome baton, CancellationToken cancellationToken, params string[] options)
    {
        var created = await baton.RunAsync(["token", "create", .. options, "--json"], cancellationToken);
        Assert.True(created.ExitCode == 0, created.ToString());
        var json = JsonOutput.Single(created.StdOut);
        return (json.Str("token"), json.GetProperty("info").Str("id"));
    }

    /// <summary>Runs the CLI against this listener, pinned to its fingerprint, with <paramref name="token"/> in the variable --token-env names.</summary>
    public Task<CliResult> RunRemoteAsync(BatonTestHome baton, string token, CancellationToken cancellationToken, params string[] args) =>
        baton.RunAsync(
            [.. args, "--remote", Url, "--fingerprint", Fingerprint, "--token-env", TokenVariable],
            cancellationToken,
            environment: new Dictionary<string, string> { [TokenVariable] = token });

    /// <summary>A raw HTTPS client that accepts exactly this listener's certificate, for asserting status codes.</summary>
    public HttpClient RawClient(string? token)
    {
        var pin = Fingerprint;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && Baton.Protocol.CertificateFingerprint.Of(certificate.GetRawCertData()).ToString() == pin },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri(Url + "/"), Timeout = TimeSpan.FromSeconds(20) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static async Task<(HttpStatusCode Status, string Code, string Detail)> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(body);
        return (response.StatusCode, document.RootElement.Str("code"), document.RootElement.Str("detail"));
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
