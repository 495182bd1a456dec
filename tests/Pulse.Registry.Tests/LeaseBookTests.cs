using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Pulse.Registry.Liveness;

namespace Pulse.Registry.Tests;

/// <summary>The in-memory lease book, without a database: its snapshot of pending renewals under concurrent heartbeats.</summary>
public sealed class LeaseBookTests
{
    [Fact]
    public async Task PendingRenewalsCanBeReadWhileHeartbeatsArrive()
    {
        // Regression: copying the pending renewals raced with heartbeats adding to them ("The index is equal to or
        // greater than the length of the array"), and the exception stopped the registry from its sweep.
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var leases = new LeaseBook(time, Options.Create(new RegistryOptions()));
        var ids = Enumerable.Range(0, 20_000).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var id in ids)
        {
            leases.Set(id, online: true, time.GetUtcNow().UtcDateTime.AddMinutes(1));
        }

        using var stop = new CancellationTokenSource();
        var heartbeats = Enumerable.Range(0, 2).Select(worker => Task.Run(() =>
        {
            var renewed = 0;
            for (var i = worker; !stop.IsCancellationRequested; i = (i + 2) % ids.Length)
            {
                renewed += leases.TryRenew(ids[i]) ? 1 : 0;
            }

            return renewed;
        }, TestContext.Current.CancellationToken)).ToArray();

        try
        {
            for (var flush = 0; flush < 2_000; flush++)
            {
                leases.MarkFlushed(leases.PendingRenewals());
            }
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.All(await Task.WhenAll(heartbeats), renewed => Assert.True(renewed > 0));
    }
}
