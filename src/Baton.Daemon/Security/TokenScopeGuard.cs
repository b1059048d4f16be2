using Baton.Core.Delivery;
using Baton.Core.Errors;
using Baton.Core.Messages;
using Baton.Core.Security;
using Baton.Core.Sessions;
using Baton.Protocol;

namespace Baton.Daemon.Security;

/// <summary>
/// Keeps a token holder inside its one session at the API's edge: inject needs an inject-scoped token for the
/// resolved session, reads need any token for it, and the session list shows only that session. The owner passes
/// untouched. A name that resolves to no session (or to several) is refused the same way as another session, so
/// a token holder cannot probe which sessions exist.
/// </summary>
/// <remarks>
/// This is the TCP listener's guard until <see cref="InjectionService"/> checks <see cref="AccessPolicy"/> for every
/// caller itself (the peer-credentials work); after that it only repeats that check.
/// </remarks>
internal sealed class TokenScopeGuard(AgentRegistry agents, IMessageStore store)
{
    public async Task EnsureMayInjectAsync(CallerIdentity caller, string session, string? agent, CancellationToken cancellationToken)
    {
        if (!caller.IsOwner)
        {
            AccessPolicy.EnsureMayInject(caller, await ResolveIdAsync(session, agent, cancellationToken), session);
        }
    }

    public async Task EnsureMayReadAsync(CallerIdentity caller, string session, CancellationToken cancellationToken)
    {
        if (!caller.IsOwner)
        {
            AccessPolicy.EnsureMayRead(caller, await ResolveIdAsync(session, agent: null, cancellationToken), session);
        }
    }

    public async Task EnsureMayReadMessageAsync(CallerIdentity caller, string messageId, CancellationToken cancellationToken)
    {
        if (caller.IsOwner)
        {
            return;
        }

        var message = await store.GetAsync(messageId, cancellationToken) ?? throw new MessageNotFoundException(messageId);
        AccessPolicy.EnsureMayRead(caller, message.SessionId, message.SessionName ?? message.SessionId);
    }

    public static SessionList Visible(CallerIdentity caller, SessionList list) =>
        caller.IsOwner ? list : new SessionList([.. list.Sessions.Where(s => AccessPolicy.MayRead(caller, s.Id))]);

    /// <summary>The session's id, or what the caller typed when it names no single session (which then fails the check).</summary>
    private async Task<string> ResolveIdAsync(string session, string? agent, CancellationToken cancellationToken)
    {
        var selector = SessionSelector.Parse(session, agent);
        try
        {
            return (await agents.Get(selector.Agent).ResolveAsync(selector.NameOrId, cancellationToken)).Id;
        }
        catch (Exception ex) when (ex is SessionNotFoundException or AmbiguousSessionException)
        {
            return selector.NameOrId;
        }
    }
}
