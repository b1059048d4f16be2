using Baton.Core.Audit;
using Baton.Core.Errors;
using Baton.Core.Messages;
using Baton.Core.Security;
using Baton.Core.Sessions;
using Baton.Protocol;

namespace Baton.Core.Delivery;

/// <summary>
/// The contract's rules for one inject: check the request, resolve the session, decide by its state and the
/// flags, store the message before anything is acknowledged, hand it to the dispatcher, and wait as asked.
/// Who asks is checked against <see cref="AccessPolicy"/>, and every call lands in the audit log, whatever its end.
/// </summary>
public sealed partial class InjectionService(
    IMessageStore store,
    AgentRegistry agents,
    MessageDispatcher dispatcher,
    MessageProgress progress,
    AuditRecorder audit,
    TimeProvider? time = null,
    InjectLimits? limits = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly InjectRequestValidator _validator = new(limits ?? InjectLimits.Default);

    private async Task<Receipt> InjectCoreAsync(string session, InjectRequest request, CallerIdentity caller, InjectAttempt attempt, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();

        // A caller with neither the owner's uid nor a token is refused before anything else, so it learns nothing,
        // not even which sessions exist. A token holder is checked against the session once it is resolved.
        if (caller.Token is null)
        {
            AccessPolicy.EnsureMayInject(caller, session, session);
        }

        _validator.Validate(request);
        var selector = SessionSelector.Parse(session, request.Agent);
        var backend = agents.Get(selector.Agent);
        AgentSession? target;
        try
        {
            target = await ResolveAsync(backend, selector, request, cancellationToken);
            attempt.Target = target;
            AccessPolicy.EnsureMayInject(caller, target.Id, session);
        }
        catch (AgentUnreachableException) when (request.DryRun && (request.Resume || request.CreateIfMissing))
        {
            AccessPolicy.EnsureMayInject(caller, selector.NameOrId, session);
            return DryRun(Unresolved(backend, selector), request, $"start Codex's app-server daemon for this home (none is running), then look '{selector.NameOrId}' up and deliver");
        }
        catch (SessionNotFoundException) when (request.IfRunning)
        {
            AccessPolicy.EnsureMayInject(caller, selector.NameOrId, session);
            var missing = Unresolved(backend, selector);
            return request.DryRun ? DryRun(missing, request, "skip: there is no such session") : Skipped(missing, request);
        }
        catch (SessionNotFoundException) when (request.CreateIfMissing)
        {
            // Only the owner creates sessions: a token opens one session that exists.
            AccessPolicy.EnsureMayInject(caller, selector.NameOrId, session);

            // Created only after the key check below, so a replay or a dry run creates nothing.
            target = null;
        }

        if (target is not null)
        {
            EnsureNotWaitingOnItself(target, request);
        }

        var keys = IdempotencyKeys(request);
        if (keys.Count > 0 && await store.FindByKeysAsync(keys, cancellationToken) is { } earlier)
        {
            return await ReplayAsync(earlier, target, selector, request, started, cancellationToken);
        }

        if (target is null)
        {
            CheckCreate(selector, request);
            if (request.DryRun)
            {
                return DryRun(Unresolved(backend, selector), request, $"create a session named '{selector.NameOrId}' in {request.Cwd}, then start a turn with the message");
            }

            target = await backend.CreateSessionAsync(selector.NameOrId, request.Cwd!, cancellationToken);
            attempt.Target = target;
        }

        var initialStatus = MessageStatus.Queued;
        if (target.State == SessionState.Stored && !request.Resume)
        {
            if (request.IfRunning)
            {
                return request.DryRun ? DryRun(target, request, "skip: the session is not live") : Skipped(target, request);
            }

            if (!request.Hold)
            {
                throw new SessionNotLiveException(
                    $"The Codex session '{target.Name ?? target.Id}' ({target.Id}) is stored, not loaded in the app-server, so nothing was queued. " +
                    "Pass --resume to load it and deliver now, or --hold to deliver when it is next opened.");
            }

            initialStatus = MessageStatus.Held;
        }

        var ahead = dispatcher.PendingCount(target.Agent, target.Id);
        if (request.DryRun)
        {
            return DryRun(target, request, Plan(target, request, initialStatus, ahead));
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
            CallerUid = caller.Uid,
            CallerPid = caller.Pid,
            TokenId = caller.Token?.TokenId,
            FromSession = request.FromSession,
            FromSessionName = request.FromSession is { } from ? await SessionNameAsync(backend, from, cancellationToken) : null,
        };
        attempt.MessageId = message.Id;

        // Durable before anything is acknowledged or sent; the keys and the session's row in the same transaction.
        if (await store.AcceptAsync(message, keys, target, cancellationToken) is { } winner)
        {
            // A concurrent call with the same key stored its message first: this call is its replay.
            attempt.MessageId = null;
            var first = await store.GetAsync(winner, cancellationToken) ?? throw new MessageNotFoundException(winner);
            return await ReplayAsync(first, target, selector, request, started, cancellationToken);
        }

        var behindOthers = request.Mode == DeliveryMode.Queue && (target.State == SessionState.Running || ahead > 0);
        dispatcher.Enqueue(message);
        return await AwaitOutcomeAsync(message, request, started, returnAtOnce: behindOthers || initialStatus == MessageStatus.Held, target.State, target.WaitingFor, cancellationToken);
    }

    /// <summary>
    /// A call whose key was used before: the same session and text get the first call's receipt (and, with --wait,
    /// wait for that same turn); anything else is a conflict. Nothing is delivered either way.
    /// </summary>
    private async Task<Receipt> ReplayAsync(StoredMessage earlier, AgentSession? target, SessionSelector selector, InjectRequest request, long started, CancellationToken cancellationToken)
    {
        var sameSession = target is not null ? earlier.SessionId == target.Id : earlier.SessionName == selector.NameOrId;
        if (!sameSession || earlier.Text != request.Text)
        {
            var what = !sameSession ? $"session {earlier.SessionName ?? earlier.SessionId} ({earlier.SessionId})" : "other text";
            throw new IdempotencyConflictException(
                $"The idempotency key '{request.IdempotencyKey ?? request.RequestId}' was used at {earlier.AcceptedAt:u} for message {earlier.Id} with {what}. " +
                "Nothing was sent. Use a new key for a new message.");
        }

        if (request.DryRun)
        {
            return DryRun(target ?? Unresolved(agents.Get(earlier.Agent), selector), request, $"replay message {earlier.Id}: return its receipt, send nothing") with { Replayed = true };
        }

        // The lookup that found it does not wait for writes in flight: read it again for its latest status.
        var current = request.Wait ? earlier : await store.GetAsync(earlier.Id, cancellationToken) ?? earlier;
        var receipt = await AwaitOutcomeAsync(current, request, started, returnAtOnce: !request.Wait, sessionState: null, target?.WaitingFor, cancellationToken);
        return receipt with { Replayed = true };
    }

    /// <summary>Waits as the caller asked: for the turn's end with --wait, else for the turn's start (or a place in line).</summary>
    /// <param name="sessionWaitingFor">What the session's status said its turn waits for a person to do, at the lookup.</param>
    private async Task<Receipt> AwaitOutcomeAsync(
        StoredMessage message, InjectRequest request, long started, bool returnAtOnce, SessionState? sessionState, string? sessionWaitingFor, CancellationToken cancellationToken)
    {
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

            if (returnAtOnce)
            {
                // Accepted durably and waiting its turn (or held): that is the answer without --wait. The message as
                // accepted, not read back (a replay reads it first): a turn that started in the moment since is told
                // by `baton message`, and "queued" was true when the answer was made.
                return WithQuestions(ReceiptFactory.From(message, message.Status == MessageStatus.Queued ? sessionState : null), message, sessionWaitingFor);
            }

            var handed = await progress.WaitAsync(message.Id, m => m.Status != MessageStatus.Queued || progress.IsWaitingBehindTurn(m.Id), deadline.Token);
            return WithQuestions(ReceiptFactory.From(handed, handed.Status == MessageStatus.Queued ? SessionState.Running : null), handed, sessionWaitingFor);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var current = await store.GetAsync(message.Id, CancellationToken.None) ?? message;
            return TimedOut(current);
        }
    }

    /// <summary>The receipt of a wait that ran out, with what the session's turn waits for a person to do, if anything.</summary>
    private Receipt TimedOut(StoredMessage message) =>
        ReceiptFactory.TimedOut(message, message.IsFinal ? null : agents.Get(message.Agent).PendingQuestions(message.SessionId));

    /// <summary>
    /// A message queued behind, or steered into, a turn that waits for a person's answer goes nowhere until someone
    /// answers in the agent's UI; the receipt says so, or a CI job would learn it only when its wait ran out.
    /// </summary>
    /// <param name="sessionWaitingFor">
    /// What the session's status said at the lookup, for when the question itself has not reached Baton yet (Baton
    /// follows a session only once it delivers to it, and Codex repeats a pending question to a new follower after a
    /// moment). Not for a message that interrupted that turn: its own turn asks nothing yet.
    /// </param>
    private Receipt WithQuestions(Receipt receipt, StoredMessage message, string? sessionWaitingFor = null) =>
        message.Status is MessageStatus.Queued or MessageStatus.Delivered
            && (ReceiptFactory.WaitingFor(agents.Get(message.Agent).PendingQuestions(message.SessionId))
                ?? (message.Status == MessageStatus.Queued || message.Mode == DeliveryMode.Steer ? sessionWaitingFor : null)) is { } waitingFor
            ? receipt with { WaitingFor = waitingFor }
            : receipt;

    /// <summary>
    /// An agent's command that injects into its own session with --wait would wait for a turn that can start only
    /// after the one running the command ends, and that one waits for the command: refused before anything is sent.
    /// </summary>
    private static void EnsureNotWaitingOnItself(AgentSession target, InjectRequest request)
    {
        if (request.Wait && request.Mode != DeliveryMode.Interrupt && string.Equals(request.FromSession, target.Id, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidRequestException(
                $"This command runs in session '{target.Name ?? target.Id}' itself, so --wait would wait for a turn that cannot end before this " +
                "command does. Nothing was sent. Leave out --wait: the message then runs as its own turn after this one.");
        }
    }

    /// <summary>
    /// The sending session's name, for the line the receiving agent reads; null when Baton cannot read it (another
    /// Codex home, an id that is not a session, Codex unreachable): the id is shown then, and the message goes anyway.
    /// </summary>
    private static async Task<string?> SessionNameAsync(Agents.IAgentBackend backend, string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            return await backend.SessionNameAsync(sessionId, cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>User keys and the client's request id share one table, in separate namespaces.</summary>
    private static List<string> IdempotencyKeys(InjectRequest request)
    {
        var keys = new List<string>(2);
        if (request.IdempotencyKey is { } key)
        {
            keys.Add("key:" + key);
        }

        if (request.RequestId is { } requestId)
        {
            keys.Add("request:" + requestId);
        }

        return keys;
    }

    private static string Plan(AgentSession target, InjectRequest request, MessageStatus initialStatus, int ahead)
    {
        if (initialStatus == MessageStatus.Held)
        {
            return "hold the message and deliver it when the session is next opened (it is stored, not live)";
        }

        var prefix = target.State == SessionState.Stored ? "load the stored session, then " : string.Empty;
        var running = target.State == SessionState.Running;
        return prefix + request.Mode switch
        {
            DeliveryMode.Steer when running => "add the message to the running turn",
            DeliveryMode.Interrupt when running => "interrupt the running turn, then start a new turn with the message",
            DeliveryMode.Queue when running || ahead > 0 => $"queue the message as its own turn after the running turn{(ahead > 0 ? $" and {ahead} message(s) queued before it" : string.Empty)}",
            _ => "start a new turn with the message now",
        };
    }

    private Receipt DryRun(AgentSession target, InjectRequest request, string plan) => new()
    {
        MessageId = MessageIds.New(),
        Status = MessageStatus.DryRun,
        Session = ReceiptFactory.ToInfo(target),
        Mode = request.Mode,
        HookName = request.HookName,
        IdempotencyKey = request.IdempotencyKey,
        AcceptedAt = _time.GetUtcNow(),
        Plan = plan,
    };

    private static AgentSession Unresolved(Agents.IAgentBackend backend, SessionSelector selector) =>
        new(backend.Agent, selector.NameOrId, Guid.TryParse(selector.NameOrId, out _) ? null : selector.NameOrId, SessionState.Stored);

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
        catch (AgentUnreachableException) when ((request.Resume || request.CreateIfMissing) && !request.DryRun)
        {
            await backend.StartAgentAsync(cancellationToken);
            return await backend.ResolveAsync(selector.NameOrId, cancellationToken);
        }
    }

    private static void CheckCreate(SessionSelector selector, InjectRequest request)
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
    }
}
