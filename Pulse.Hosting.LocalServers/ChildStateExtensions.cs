using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Pulse.Hosting.LocalServers;

/// <summary>
/// Aspire passes a container's state on to its child resources (a database follows its server), but not an
/// executable's: this does the same for the children of a local server, so that <c>WaitFor(database)</c> works.
/// </summary>
internal static class ChildStateExtensions
{
    public static IResourceBuilder<TChild> WithStateOfParent<TChild, TParent>(this IResourceBuilder<TChild> child)
        where TChild : IResourceWithParent<TParent>
        where TParent : IResource
    {
        child.ApplicationBuilder.Eventing.Subscribe<InitializeResourceEvent>(child.Resource, (@event, __) =>
        {
            var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = MirrorAsync(@event.Notifications, child.Resource, stopping);
            return Task.CompletedTask;
        });
        return child;
    }

    private static async Task MirrorAsync<TParent>(ResourceNotificationService notifications, IResourceWithParent<TParent> child, CancellationToken cancellationToken)
        where TParent : IResource
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(cancellationToken))
            {
                if (ReferenceEquals(update.Resource, child.Parent))
                {
                    var parent = update.Snapshot;
                    await notifications.PublishUpdateAsync(child, state => state with
                    {
                        State = parent.State,
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
