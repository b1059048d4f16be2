namespace Baton.Agents.Codex.Rpc;

/// <summary>The app-server answered a request with a JSON-RPC error object.</summary>
public sealed class JsonRpcErrorException(string method, int code, string message)
    : Exception($"{method} failed: {message} (code {code})")
{
    public string Method { get; } = method;
    public int Code { get; } = code;
    public string RpcMessage { get; } = message;
}
