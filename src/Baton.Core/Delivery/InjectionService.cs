using Baton.Core.Errors;
using Baton.Core.Messages;
using Baton.Core.Sessions;
using Baton.Protocol;

namespace Baton.Core.Delivery;

/// <summary>
/// The contract's rules for one inject: check the request, resolve the session, decide by its state and the
/// flags, store the message before anything is acknowledged, hand it to the dispatcher, and wait as asked.
/// </summary>
public sealed class InjectionService(
    IMessageStore store,
    AgentRegistry agents,
    MessageDispatcher dispatcher,
    MessageProgress progress,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<Receipt> InjectAsync(string session, InjectRequest request, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        ValidateText(request.Text);
        RefuseWhatIsNotBuiltYet(request);
        var selector = SessionSelector.Parse(session, request.Agent);
        var backend = agents.Get(selector.Agent);
        AgentSession target;
        try
        {
            target = await ResolveAsync(backend, selector, request, cancellationToken);
        }
        catch (SessionNotFoundException) when (request.IfRunning)
        {
            return Skipped(new AgentSession(backend.Agent, selector.NameOrId, null, SessionState.Stored), request);
        }
        catch (SessionNotFoundException) when (request.CreateIfMissing)
        {
            target = await CreateAsync(backend, selector, request, cancellationToken);
        }

        var initialStatus = MessageStatus.Queued;
        if (target.State == SessionState.Stored && !request.Resume)
        {
            if (request.IfRunning)
            {
                return Skipped(target, request);
            }

            if (!request.Hold)
            {
                throw new SessionNotLiveException(
                    $"The Codex session '{target.Name ?? target.Id}' ({target.Id}) is stored, not loaded in the app-server, so nothing was queued. " +
                    "Pass --resume to load it and deliver now, or --hold to deliver when it is next opened.");
            }

            initialStatus = MessageStatus.Held;
        }

        var message = new StoredMessage
        {
            Id = MessageIds.New(),
            Agent = target.Agent,
            SessionId = target.Id,
            SessionName = target.Name,
            Text = request.Text,
            Mode = request.Mode,
            Status = initialStatus,
            HookName = request.HookName,
            IdempotencyKey = request.IdempotencyKey,
            AcceptedAt = _time.GetUtcNow(),
        };

        // Durable before anything is acknowledged or sent.
        await store.InsertAsync(message, cancellationToken);
        await store.UpsertSessionAsync(target, cancellationToken);
        var behindOthers = request.Mode == DeliveryMode.Queue && (target.State == SessionState.Running || dispatcher.PendingCount(target.Agent, target.Id) > 0);
        dispatcher.Enqueue(message);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (request.TimeoutMs is { } timeoutMs)
        {
            // The message is stored first whatever the budget: a budget already spent still gets a receipt, never an error.
            var left = TimeSpan.FromMilliseconds(Math.Max(0, timeoutMs)) - _time.GetElapsedTime(started);
            deadline.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        try
        {
            if (request.Wait)
            {
                return ReceiptFactory.From(await progress.WaitAsync(message.Id, m => m.IsFinal, deadline.Token));
            }

            if (behindOthers || initialStatus == MessageStatus.Held)
            {
                // Accepted durably and waiting its turn behind a running one: that is the answer without --wait.
                return ReceiptFactory.From(message, target.State);
            }

            var handed = await progress.WaitAsync(message.Id, m => m.Status != MessageStatus.Queued || progress.IsWaitingBehindTurn(m.Id), deadline.Token);
            return ReceiptFactory.From(handed, handed.Status == MessageStatus.Queued ? SessionState.Running : null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var current = await store.GetAsync(message.Id, CancellationToken.None) ?? message;
            return ReceiptFactory.TimedOut(current);
        }
    }

    public async Task<Receipt> GetMessageAsync(string messageId, bool wait, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var message = await store.GetAsync(messageId, cancellationToken) ?? throw new MessageNotFoundException(messageId);
        if (!wait || message.IsFinal || message.Status == MessageStatus.Held)
        {
            return ReceiptFactory.From(message, includeText: true);
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
            return ReceiptFactory.TimedOut(await store.GetAsync(messageId, CancellationToken.None) ?? message);
        }
    }

    public async Task<SessionList> ListSessionsAsync(CancellationToken cancellationToken)
    {
        var pending = (await store.ListUnfinishedAsync(cancellationToken))
            .Where(m => m.IsPending)
            .GroupBy(m => (m.Agent, m.SessionId))
            .ToDictionary(g => g.Key, g => g.Count());
        var sessions = new List<SessionInfo>();
        foreach (var backend in agents.All)
        {
            foreach (var s in await backend.ListSessionsAsync(cancellationToken))
            {
                sessions.Add(ReceiptFactory.ToInfo(s, pending.GetValueOrDefault((s.Agent, s.Id))));
            }
        }

        return new SessionList(sessions);
    }

    public async Task<SessionDetail> GetSessionAsync(string session, CancellationToken cancellationToken)
    {
        var selector = SessionSelector.Parse(session);
        var target = await agents.Get(selector.Agent).ResolveAsync(selector.NameOrId, cancellationToken);
        var messages = await store.ListBySessionAsync(target.Agent, target.Id, limit: 50, cancellationToken);
        var pending = messages.Where(m => m.IsPending).OrderBy(m => m.AcceptedAt).Select(m => ReceiptFactory.From(m, includeText: true)).ToList();
        var recent = messages.Where(m => !m.IsPending).Take(20).Select(m => ReceiptFactory.From(m, includeText: true)).ToList();
        return new SessionDetail(ReceiptFactory.ToInfo(target, pending.Count), pending, recent);
    }

    /// <summary>Resolves the session, then follows it live until the caller stops.</summary>
    public async Task<(SessionInfo Session, IAsyncEnumerable<SessionEvent> Events)> WatchAsync(string session, CancellationToken cancellationToken)
    {
        var selector = SessionSelector.Parse(session);
        var backend = agents.Get(selector.Agent);
        var target = await backend.ResolveAsync(selector.NameOrId, cancellationToken);
        return (ReceiptFactory.ToInfo(target), backend.WatchAsync(target.Id, cancellationToken));
    }

    private Receipt Skipped(AgentSession target, InjectRequest request) => new()
    {
        // Nothing is kept for a skipped message, so its id exists only in this receipt.
        MessageId = MessageIds.New(),
        Status = MessageStatus.Skipped,
        Session = ReceiptFactory.ToInfo(target),
        Mode = request.Mode,
        HookName = request.HookName,
        IdempotencyKey = request.IdempotencyKey,
        AcceptedAt = _time.GetUtcNow(),
    };

    /// <summary>
    /// Resolves the session; with --resume or --create-if-missing, an agent whose daemon is down is started first,
    /// because the user asked for the session to be made live.
    /// </summary>
    private static async Task<AgentSession> ResolveAsync(Agents.IAgentBackend backend, SessionSelector selector, InjectRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await backend.ResolveAsync(selector.NameOrId, cancellationToken);
        }
        catch (AgentUnreachableException) when (request.Resume || request.CreateIfMissing)
        {
            await backend.StartAgentAsync(cancellationToken);
            return await backend.ResolveAsync(selector.NameOrId, cancellationToken);
        }
    }

    private static Task<AgentSession> CreateAsync(Agents.IAgentBackend backend, SessionSelector selector, InjectRequest request, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(selector.NameOrId, out _))
        {
            throw new InvalidRequestException($"No session has the id '{selector.NameOrId}', and --create-if-missing creates sessions by name, not by id. Give a name.");
        }

        if (string.IsNullOrWhiteSpace(request.Cwd) || !Path.IsPathFullyQualified(request.Cwd))
        {
            throw new InvalidRequestException("--create-if-missing needs the new session's work directory as a full path (--cwd DIR).");
        }

        if (!Directory.Exists(request.Cwd))
        {
            throw new InvalidRequestException($"The work directory '{request.Cwd}' for the new session does not exist. Create it or pass another --cwd.");
        }

        return backend.CreateSessionAsync(selector.NameOrId, request.Cwd, cancellationToken);
    }

    /// <summary>
    /// Options of the contract this daemon does not implement yet are refused, never ignored: a dry run that
    /// delivered, or a retry that delivered twice, would be worse than an error.
    /// </summary>
    private static void RefuseWhatIsNotBuiltYet(InjectRequest request)
    {
        if (request.IfRunning && (request.Resume || request.Hold || request.CreateIfMissing))
        {
            throw new InvalidRequestException("--if-running skips sessions that are not live; it cannot go with --resume, --hold or --create-if-missing.");
        }

        var missing = new List<string>();
        if (request.DryRun)
        {
            missing.Add("--dry-run");
        }

        if (request.IdempotencyKey is not null)
        {
            missing.Add("--idempotency-key");
        }

        if (missing.Count > 0)
        {
            throw new InvalidRequestException(
                $"This Baton daemon does not support {string.Join(", ", missing)} yet; nothing was sent. Leave the option out, or update Baton.");
        }
    }

    private static void ValidateText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidRequestException("The message text is empty; there is nothing to send. Give --text, --text-file or --text - with some text.", ErrorCodes.InvalidText);
        }
    }
}
