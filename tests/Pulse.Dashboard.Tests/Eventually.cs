namespace Pulse.Dashboard.Tests;

/// <summary>Polls a condition until it holds, within a deadline: no sleeping for a condition.</summary>
internal static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<(bool Found, T Value)>> probe, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var (found, value) = await probe();
                if (found)
                {
                    return value;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
        }
    }
}
