using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Pulse.Bench;
using Pulse.ServiceDefaults;
using Pulse.Testing;

namespace Pulse.Registry.Bench;

/// <summary>
/// A graph whose registry runs as <see cref="Count"/> replicas behind its public port: Aspire's proxy, which spreads
/// connections over the replicas, stays in place (the address clients share), unlike in the other runs of the bench.
/// Haul, Pilot and Prism are held back.
/// </summary>
internal sealed class ReplicaGraph : IAsyncDisposable
{
    private ReplicaGraph(PulseGraph graph, int count, Uri url, string key)
    {
        Graph = graph;
        Count = count;
        Url = url;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2000 }) { BaseAddress = url, Timeout = TimeSpan.FromMinutes(2) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", key);
    }

    public PulseGraph Graph { get; }

    public int Count { get; }

    public string Label => Count == 1 ? "1 replica" : $"{Count} replicas";

    /// <summary>The registry's public address (Aspire's proxy).</summary>
    public Uri Url { get; }

    /// <summary>A client of <see cref="Url"/> with the operator's key.</summary>
    public HttpClient Http { get; }

    /// <summary>The registry's replica ids (<c>registry-abcdefgh</c>).</summary>
    public IReadOnlyList<string> Replicas => Graph.Replicas(PulseResources.Registry);

    public static async Task<ReplicaGraph> StartAsync(int replicas, string key, CancellationToken cancellationToken)
    {
        var graph = await PulseGraph.StartAsync(new PulseGraphOptions
        {
            ApiKey = key,
            Args = [.. BenchGraph.QuietArgs, $"--AppHost:RegistryReplicas={replicas}"],
            HoldBack = new HashSet<string> { PulseResources.Haul, PulseResources.Pilot, PulseResources.Prism },
            Environment = BenchGraph.ProjectEnvironment(new Dictionary<string, Dictionary<string, string>>
            {
                [PulseResources.Registry] = new()
                {
                    ["Logging__LogLevel__Pulse.Registry"] = "Warning",

                    // A 50-minute lease: the benchmark's services, renewed only while wrk runs, stay online for the
                    // whole run, so no sweep marks thousands of them offline in the middle of a measurement.
                    ["Registry__LeaseIntervals"] = "100",
                },
            }),

            // Each replica may open its whole pool (100) during a fan-out.
            ConfigureBuilder = builder => AllowPostgresConnections(builder, 100 * replicas + 100),
        }, cancellationToken);
        return new ReplicaGraph(graph, replicas, await Ipv4LoopbackAsync(graph.Endpoint(PulseResources.Registry), cancellationToken), key);
    }

    /// <summary>
    /// Raises PostgreSQL's <c>max_connections</c>: a blocking-read fan-out has the registry open its whole connection
    /// pool (100) at once, and the AppHost's health checks keep connections of their own to the server.
    /// </summary>
    public static void AllowPostgresConnections(IDistributedApplicationTestingBuilder builder, int connections) =>
        builder
            .CreateResourceBuilder(builder.Resources.OfType<ExecutableResource>().Single(r => r.Name == PulseResources.Postgres))
            .WithArgs("-c", $"max_connections={connections}");

    /// <summary>
    /// Sends every replica, at its own address, one heartbeat of each service, 16 at a time: a replica's first heartbeat
    /// of a service registered through another goes to PostgreSQL (a write transaction), its later ones are renewed in
    /// memory. A registry that has run for a while is in that state, which the heartbeat runs measure. Returns how long
    /// it took.
    /// </summary>
    public async Task<TimeSpan> TeachReplicasAsync(string[] ids, string key)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        foreach (var replica in Replicas)
        {
            using var client = Graph.CreateReplicaClient(replica, key);
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < ids.Length; i = Interlocked.Increment(ref next))
                {
                    // One refused (a 503 on an overloaded machine) only leaves that replica to learn the service later.
                    using var response = await client.PutAsync($"/api/v1/services/{ids[i]}/heartbeat", null);
                }
            })));
        }

        return watch.Elapsed;
    }

    /// <summary>
    /// How many connections each replica holds now (those the proxy opened to it, which carry the clients' connections,
    /// and the AppHost's health checks): whether the proxy spreads them.
    /// </summary>
    public string ConnectionsPerReplica() => string.Join(", ", Replicas.Select(replica =>
    {
        try
        {
            return $"{replica} {Connections.AcceptedOn(Graph.TargetEndpoint(replica).Port)}";
        }
        catch (InvalidOperationException)
        {
            return $"{replica} not running";
        }
    }));

    /// <summary>A meter of the CPU time of every replica's processes and of PostgreSQL's.</summary>
    public async Task<CpuMeter> CpuMeterAsync(CancellationToken cancellationToken)
    {
        var replicas = Replicas.SelectMany(Graph.ProcessesOf).ToList();
        var roots = replicas.Where(process => !replicas.Exists(parent => parent.Pid == process.ParentPid)).Select(process => process.Pid).ToList();
        return new CpuMeter(roots, await ProcessIds.OfAsync(Graph, PulseResources.Postgres, cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Graph.DisposeAsync();
    }

    /// <summary>
    /// The address with <c>localhost</c> as 127.0.0.1 when the proxy listens there: wrk connects to the first address
    /// the name resolves to, which may be ::1.
    /// </summary>
    private static async Task<Uri> Ipv4LoopbackAsync(Uri url, CancellationToken cancellationToken)
    {
        if (url.Host != "localhost")
        {
            return url;
        }

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, url.Port), cancellationToken);
            return new UriBuilder(url) { Host = IPAddress.Loopback.ToString() }.Uri;
        }
        catch (SocketException)
        {
            return url;
        }
    }
}
