using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Pulse.Hosting.LocalServers;

/// <summary>
/// Aspire passes a container's state on to its child resources (a database follows its server), but not an
/// executable's: this does the same for the children of a local server, so that <c>WaitFor(database)</c> works.
/// A child whose server runs is <c>Starting</c> until it is ready itself (a database: created), and only then
/// <c>Running</c>: Aspire checks a resource's health from the moment it runs, and after each failed check waits
/// longer before the next (1 s, 2 s, ... 5 s), so a database that ran before it existed was seen healthy a second or
/// more after it was created.
/// </summary>
internal static class ChildStateExtensions
{
    public static IResourceBuilder<TChild> WithStateOfParent<TChild, TParent>(this IResourceBuilder<TChild> child)
        where TChild : IResourceWithParent<TParent>, IResourceWithReadiness
        where TParent : IResource
    {
        child.ApplicationBuilder.Eventing.Subscribe<InitializeResourceEvent>(child.Resource, (@event, __) =>
        {
            var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = MirrorAsync<TChild, TParent>(@event.Notifications, child.Resource, stopping);
            return Task.CompletedTask;
        });
        return child;
    }

    /// <summary>Tells Aspire that the child is ready, now that its server runs.</summary>
    public static Task PublishReadyAsync<TChild>(this ResourceNotificationService notifications, TChild child)
        where TChild : IResourceWithReadiness
    {
        child.IsReady = true;
        return notifications.PublishUpdateAsync(child, state => state with { State = KnownResourceStates.Running });
    }

    private static async Task MirrorAsync<TChild, TParent>(ResourceNotificationService notifications, TChild child, CancellationToken cancellationToken)
        where TChild : IResourceWithParent<TParent>, IResourceWithReadiness
        where TParent : IResource
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(cancellationToken))
            {
                if (ReferenceEquals(update.Resource, child.Parent))
                {
                    var parent = update.Snapshot;
                    var running = parent.State?.Text == KnownResourceStates.Running;
                    child.IsReady &= running;

                    // Decided inside the update, which Aspire serializes with PublishReadyAsync's.
                    await notifications.PublishUpdateAsync(child, state => state with
                    {
                        State = running && !child.IsReady ? KnownResourceStates.Starting : parent.State,
                        StartTimeStamp = parent.StartTimeStamp,
                        StopTimeStamp = parent.StopTimeStamp,
                    });
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the AppHost is stopping
        }
    }
}

/// <summary>A child resource that is ready only once its server runs and it has done its own part (a database: created).</summary>
internal interface IResourceWithReadiness : IResource
{
    bool IsReady { get; set; }
}
