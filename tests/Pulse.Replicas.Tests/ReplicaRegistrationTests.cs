using System.Net;
using System.Text.Json.Nodes;
using static Pulse.Replicas.Tests.ReplicaRequests;

namespace Pulse.Replicas.Tests;

/// <summary>Registrations of one (name, type) racing through different instances.</summary>
public sealed class ReplicaRegistrationTests(ReplicaGraphFixture graph)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task RegistrationsRacingOnOneNameAndTypeThroughEveryInstanceEndWithOneIdAndOneRegisteredEvent()
    {
        var clients = graph.Replicas.Select(r => graph.Replica(r)).ToList();
        try
        {
            var cursor = await CursorAsync(clients[0], _ct);
            const int PerInstance = 10;
            var names = new[] { UniqueName("race"), UniqueName("race") };

            // For each name, ten registrations through each instance at once (two names at once: a download client,
            // which also creates its entry, and a media manager); each carries its own version.
            var answers = await Task.WhenAll(names.SelectMany((name, n) => Enumerable.Range(0, clients.Count * PerInstance).Select(r =>
                Task.Run(async () =>
                {
                    var registration = Registration(name, n == 0 ? "download-client" : "media-manager");
                    registration["version"] = $"1.0.{r}";
                    var (status, body) = await PostJsonAsync(clients[r % clients.Count], "/api/v1/services/register", registration, _ct);
                    return (Name: name, Status: status, Id: status is HttpStatusCode.OK or HttpStatusCode.Created ? body.GetProperty("id").GetString() : body.ToString());
                }, _ct))));

            foreach (var name in names)
            {
                var ofName = answers.Where(a => a.Name == name).ToList();
                Assert.Equal(1, ofName.Count(a => a.Status == HttpStatusCode.Created));
                Assert.Equal(clients.Count * PerInstance - 1, ofName.Count(a => a.Status == HttpStatusCode.OK));
                var id = Assert.Single(ofName.Select(a => a.Id).Distinct());

                foreach (var client in clients)
                {
                    // One service of that name, with that id, through every instance.
                    var listed = (await GetJsonAsync(client, "/api/v1/services", _ct)).EnumerateArray()
                        .Where(s => s.GetProperty("name").GetString() == name).ToList();
                    Assert.Equal(id, Assert.Single(listed).GetProperty("id").GetString());

                    var events = await EventsOfAsync(client, cursor, $"service:{id}", _ct);
                    Assert.Equal(1, events.Count(e => e.Type == "service.registered"));
                    Assert.Equal("service.registered", events[0].Type);
                    Assert.All(events.Skip(1), e => Assert.Equal("service.updated", e.Type));
                }
            }

            // The download client owns one entry, created once.
            var owner = answers.First(a => a.Name == names[0]).Id;
            var entries = (await GetJsonAsync(clients[2], "/api/v1/download-clients", _ct)).EnumerateArray()
                .Where(e => e.GetProperty("service_id").ValueKind == System.Text.Json.JsonValueKind.String
                    && e.GetProperty("service_id").GetString() == owner).ToList();
            var entry = Assert.Single(entries).GetProperty("id").GetString();
            var until = await CursorAsync(clients[1], _ct);
            var feed = await ReadFeedAsync(clients[1], cursor, until, _ct, pageSize: 500);
            Assert.Equal(1, feed.Count(e => e.Key == $"download_client:{entry}" && e.Type == "download_client.created"));
            await DeleteAllAsync(clients[0], answers.Select(a => a.Id!).Distinct(), _ct);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task ARequestedIdRacedThroughEveryInstanceIsGivenToOneServiceOnly()
    {
        var clients = graph.Replicas.Select(r => graph.Replica(r)).ToList();
        try
        {
            // Three names at once, each through its own instance, all asking for the same new id.
            var requested = Guid.NewGuid().ToString();
            var ids = await Task.WhenAll(Enumerable.Range(0, clients.Count).Select(i => Task.Run(() =>
            {
                var registration = Registration(UniqueName("want"));
                registration["id"] = JsonValue.Create(requested);
                return RegisterAsync(clients[i], registration, _ct);
            }, _ct)));

            Assert.Equal(clients.Count, ids.Distinct().Count());
            Assert.Equal(1, ids.Count(id => id == requested));
            await DeleteAllAsync(clients[0], ids, _ct);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
