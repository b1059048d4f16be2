using Baton.Core.Audit;
using Baton.Core.Errors;
using Baton.Core.Security;
using Baton.Core.Sessions;
using Baton.Protocol;

namespace Baton.Core.Delivery;

/// <summary>
/// Reads: receipts, the session list, one session, and its live events. Each shows only what the caller may read;
/// a refusal is written to the audit log.
/// </summary>
public sealed partial class InjectionService
{
    public async Task<Receipt> GetMessageAsync(string messageId, bool wait, TimeSpan? timeout, CallerIdentity caller, CancellationToken cancellationToken)
    {
        if (timeout is { } bound && (bound < TimeSpan.Zero || bound.TotalMilliseconds > InjectRequestValidator.MaxTimeoutMs))
        {
            throw new InvalidRequestException($"timeoutMs must be between 0 and {InjectRequestValidator.MaxTimeoutMs} milliseconds (about 24 days).");
        }

        await EnsureCallerKnownAsync(AuditActions.ReadMessage, caller, session: null, $"read message {messageId}");
        var message = await store.GetAsync(messageId, cancellationToken) ?? throw new MessageNotFoundException(messageId);
        await audit.EnsureAsync(AuditActions.ReadMessage, caller, message.SessionName ?? message.SessionId, message.SessionId,
            () => AccessPolicy.EnsureMayRead(caller, message.SessionId, message.SessionName ?? message.SessionId));
        // A held message is waited for too, as 'inject --hold --wait' waits for it: until the session is next opened
        // and the turn that carries it ends, or until the timeout.
        if (!wait || message.IsFinal)
        {
            return WithQuestions(ReceiptFactory.From(message, includeText: true), message);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } t)
        {
            deadline.CancelAfter(t);
        }

        try
        {
            return ReceiptFactory.From(await progress.WaitAsync(messageId, m => m.IsFinal, deadline.Token), includeText: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TimedOut(await store.GetAsync(messageId, CancellationToken.None) ?? message);
        }
    }

    /// <summary>The sessions the caller may read: all of them for the owner, a token's one session for its holder.</summary>
    public async Task<SessionList> ListSessionsAsync(CallerIdentity caller, CancellationToken cancellationToken)
    {
        await EnsureCallerKnownAsync(AuditActions.ListSessions, caller, session: null, "list sessions");
        var pending = (await store.ListUnfinishedAsync(cancellationToken))
            .Where(m => m.IsPending)
            .GroupBy(m => (m.Agent, m.SessionId))
            .ToDictionary(g => g.Key, g => g.Count());
        var sessions = new List<SessionInfo>();
        foreach (var backend in agents.All)
        {
            foreach (var s in await backend.ListSessionsAsync(cancellationToken))
            {
                if (AccessPolicy.MayRead(caller, s.Id))
                {
                    sessions.Add(ReceiptFactory.ToInfo(s, pending.GetValueOrDefault((s.Agent, s.Id)), backend.PendingQuestions(s.Id)));
                }
            }
        }

        return new SessionList(sessions);
    }

    public async Task<SessionDetail> GetSessionAsync(string session, CallerIdentity caller, CancellationToken cancellationToken)
    {
        var target = await ResolveReadableAsync(AuditActions.ShowSession, session, caller, cancellationToken);
        var messages = await store.ListBySessionAsync(target.Agent, target.Id, limit: 50, cancellationToken);
        var pending = messages.Where(m => m.IsPending).OrderBy(m => m.AcceptedAt).Select(m => ReceiptFactory.From(m, includeText: true)).ToList();
        var recent = messages.Where(m => !m.IsPending).Take(20).Select(m => ReceiptFactory.From(m, includeText: true)).ToList();
        return new SessionDetail(ReceiptFactory.ToInfo(target, pending.Count, agents.Get(target.Agent).PendingQuestions(target.Id)), pending, recent);
    }

    /// <summary>Resolves the session, then follows it live until the caller stops.</summary>
    public async Task<(SessionInfo Session, IAsyncEnumerable<SessionEvent> Events)> WatchAsync(string session, CallerIdentity caller, CancellationToken cancellationToken)
    {
        var target = await ResolveReadableAsync(AuditActions.WatchSession, session, caller, cancellationToken);
        return (ReceiptFactory.ToInfo(target), agents.Get(target.Agent).WatchAsync(target.Id, cancellationToken));
    }

    private async Task<AgentSession> ResolveReadableAsync(string action, string session, CallerIdentity caller, CancellationToken cancellationToken)
    {
        await EnsureCallerKnownAsync(action, caller, session, $"read session '{session}'");
        var selector = SessionSelector.Parse(session);
        var target = await agents.Get(selector.Agent).ResolveAsync(selector.NameOrId, cancellationToken);
        await audit.EnsureAsync(action, caller, session, target.Id, () => AccessPolicy.EnsureMayRead(caller, target.Id, session));
        return target;
    }

    /// <summary>
    /// A caller that is neither the owner nor a token holder is refused before anything is looked up, so it
    /// learns nothing, not even whether a session or message exists.
    /// </summary>
    private Task EnsureCallerKnownAsync(string action, CallerIdentity caller, string? session, string operation) =>
        caller.Token is null ? audit.EnsureAsync(action, caller, session, sessionId: null, () => AccessPolicy.EnsureOwner(caller, operation)) : Task.CompletedTask;
}
