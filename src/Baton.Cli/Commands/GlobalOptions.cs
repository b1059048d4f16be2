using System.CommandLine;
using Baton.Cli.Daemon;
using Baton.Cli.Errors;
using Baton.Client;
using Baton.Protocol;

namespace Baton.Cli.Commands;

/// <summary>
/// Options every command takes: where the daemon is (<c>--remote</c>), how to trust it (<c>--fingerprint</c>,
/// <c>--ca-cert</c>) and which token to present (<c>--token-env</c>). The token is read from an environment
/// variable whose name is given, so it never appears in argv (and so in <c>ps</c> or shell history).
/// </summary>
internal sealed class GlobalOptions
{
    public const string DefaultTokenVariable = "BATON_TOKEN";

    public Option<string?> Remote { get; } = new("--remote")
    {
        Description = "Talk to the daemon's TLS listener at https://HOST:PORT instead of the local socket (never starts a daemon). Needs a token.",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string?> TokenEnv { get; } = new("--token-env")
    {
        Description = $"Name of the environment variable that holds the bearer token (default: {DefaultTokenVariable}, if set).",
        HelpName = "VAR",
        Recursive = true,
    };

    public Option<string?> Fingerprint { get; } = new("--fingerprint")
    {
        Description = "With --remote: accept only the server certificate with this SHA-256 fingerprint (SHA256:AB:CD:…, plain hex or base64), as 'baton daemon status' shows it.",
        HelpName = "SHA256",
        Recursive = true,
    };

    public Option<string?> CaCert { get; } = new("--ca-cert")
    {
        Description = "With --remote: trust the server certificate only if it chains to this CA certificate (PEM or DER).",
        HelpName = "PATH",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Remote, TokenEnv, Fingerprint, CaCert];

    /// <summary>Turns the parsed options into a target; bad combinations are usage errors (exit 2) naming the fix.</summary>
    public DaemonTarget Resolve(ParseResult parse, CliContext context)
    {
        var remote = parse.GetValue(Remote);
        var tokenEnv = parse.GetValue(TokenEnv);
        var fingerprint = parse.GetValue(Fingerprint);
        var caCert = parse.GetValue(CaCert);

        string? token;
        if (tokenEnv is not null)
        {
            token = context.GetEnvironmentVariable(tokenEnv);
            if (string.IsNullOrWhiteSpace(token))
            {
                throw CliException.Usage($"--token-env names {tokenEnv}, but that environment variable is not set or empty. Export the token in it (it is printed once by 'baton token create').");
            }
        }
        else
        {
            token = context.GetEnvironmentVariable(DefaultTokenVariable) is { Length: > 0 } fromDefault ? fromDefault : null;
        }

        token = token?.Trim();
        if (token is not null && !BatonClient.IsWellFormedToken(token))
        {
            throw CliException.Usage($"The token in {tokenEnv ?? DefaultTokenVariable} holds a space, a line break or a character outside ASCII, which a Baton token never has. Copy it again from the output of 'baton token create'.");
        }

        if (remote is null)
        {
            if (fingerprint is not null || caCert is not null)
            {
                throw CliException.Usage("--fingerprint and --ca-cert are for the TLS listener; give them together with --remote https://HOST:PORT.");
            }

            return new DaemonTarget(Remote: null, token);
        }

        if (!Uri.TryCreate(remote, UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttps || address.AbsolutePath is not ("/" or ""))
        {
            throw CliException.Usage($"--remote '{remote}' is not an address like https://127.0.0.1:8443 (the listener speaks TLS only; no path).");
        }

        if (fingerprint is not null && caCert is not null)
        {
            throw CliException.Usage("Give either --fingerprint (pin the certificate) or --ca-cert (trust a CA), not both.");
        }

        CertificateFingerprint? pin = null;
        if (fingerprint is not null && !CertificateFingerprint.TryParse(fingerprint, out pin))
        {
            throw CliException.Usage($"--fingerprint '{fingerprint}' is not a SHA-256 fingerprint: give 64 hex digits (colons optional, e.g. SHA256:AB:CD:…) or 44 characters of base64.");
        }

        string? caPath = null;
        if (caCert is not null)
        {
            caPath = Path.GetFullPath(caCert, context.CurrentDirectory);
            if (!File.Exists(caPath))
            {
                throw CliException.Usage($"--ca-cert {caPath} does not exist.");
            }
        }

        if (token is null)
        {
            throw CliException.Usage($"--remote needs a token: put it in an environment variable and pass --token-env VAR (or set {DefaultTokenVariable}). Make one on the daemon's machine with 'baton token create --session S'.");
        }

        return new DaemonTarget(new RemoteDaemon(address, pin, caPath), token);
    }
}
