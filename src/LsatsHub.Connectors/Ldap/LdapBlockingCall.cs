namespace LsatsHub.Connectors.Ldap;

/// <summary>
/// Runs one synchronous System.DirectoryServices.Protocols call (bind, search page) so that the caller can stop
/// waiting for it. On Linux those calls block inside libldap and ignore cancellation tokens; a call runs on its own
/// thread (not a pool thread a hung server would starve) and the caller awaits it with its token and time limit.
/// A call given up on keeps running until libldap returns, so the connection it uses must be disposed only
/// afterwards (<see cref="DisposeAfter"/>): freeing a libldap handle under a running call is a use-after-free.
/// </summary>
internal static class LdapBlockingCall
{
    /// <summary>Starts <paramref name="call"/> on a dedicated thread.</summary>
    public static Task<T> Start<T>(Func<T> call) =>
        Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);

    /// <summary>Disposes <paramref name="resource"/> once <paramref name="call"/> has returned (at once if it has).</summary>
    public static void DisposeAfter(Task? call, IDisposable resource)
    {
        if (call is null || call.IsCompleted)
        {
            Observe(call);
            resource.Dispose();
            return;
        }

        _ = call.ContinueWith(
            finished =>
            {
                Observe(finished);
                resource.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Marks the failure of an abandoned call as seen; its caller has already reported why it gave up.</summary>
    private static void Observe(Task? call) => _ = call?.Exception;
}
