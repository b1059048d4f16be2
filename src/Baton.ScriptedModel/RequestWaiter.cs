namespace Baton.ScriptedModel;

/// <summary>One pending <see cref="ScriptedModelServer.WaitForRequestAsync"/>: a predicate and the task it completes.</summary>
internal sealed class RequestWaiter(Func<ModelRequest, bool> predicate)
{
    // Continuations run elsewhere: completing happens under the server's lock, and a test's continuation must not.
    private readonly TaskCompletionSource<ModelRequest> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ModelRequest> Task => _completion.Task;

    /// <returns><see langword="true"/> when this waiter is finished, matched or faulted by its predicate.</returns>
    public bool TryComplete(ModelRequest request)
    {
        bool matches;
        try
        {
            matches = predicate(request);
        }
        catch (Exception exception)
        {
            _completion.TrySetException(exception);
            return true;
        }

        return matches && _completion.TrySetResult(request);
    }

    public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}
