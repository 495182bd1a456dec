using Pulse.Hosting.Dashboard.Api;

namespace Pulse.Hosting.Tests.Dashboard;

public sealed class ResourceCommandsTests(EmptyGraphFixture graph) : IClassFixture<EmptyGraphFixture>
{
    [Fact]
    public async Task OnceTheHostIsStoppingNoCommandIsTaken()
    {
        await using var commands = new ResourceCommands(graph.App);
        Assert.True(commands.Run("nothing", ResourceCommand.Stop));

        await commands.StopAsync();

        Assert.False(commands.Run("nothing", ResourceCommand.Restart));
    }
}
