using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Pulse.ServiceDefaults;

namespace Pulse.AppHost.Tests;

/// <summary>
/// A dependency that hangs (SIGSTOP) or dies (SIGKILL) gets fast, honest answers: <c>/health</c> says so within 5 s,
/// a request that needs the database gets <c>503</c> with <c>Retry-After</c> within seconds, a long poll returns by
/// its wait plus a margin, and everything works again once the dependency is back.
/// </summary>
[Collection(OutageGraphCollection.Name)]
public sealed class DependencyOutageTests(OutageGraphFixture fixture)
{
    private static readonly TimeSpan HealthDeadline = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan UnavailableDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GrabUnavailableDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongPollWait = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan LongPollMargin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(120);

    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFrozenPostgresGetsUnhealthyAnswersAnd503sWithinSecondsAndEverythingRecoversWhenItThaws()
    {
        var probe = await PrepareAsync();
        IReadOnlyList<TimedAnswer> answers;
        FrozenResource? frozen = null;
        try
        {
            answers = await DuringPostgresOutageAsync(probe, () =>
            {
                frozen = fixture.Graph.Freeze(PulseResources.Postgres);
                return Task.CompletedTask;
            });
        }
        finally
        {
            frozen?.Dispose();
        }

        AssertPostgresOutageAnswers(answers);
        await AssertRecoveredAsync();
    }

    [Fact]
    public async Task AKilledPostgresGetsUnhealthyAnswersAnd503sWithinSecondsAndEverythingRecoversWhenItIsBack()
    {
        var probe = await PrepareAsync();
        IReadOnlyList<TimedAnswer> answers;
        try
        {
            answers = await DuringPostgresOutageAsync(probe, () => fixture.Graph.KillAsync(PulseResources.Postgres, _ct));
        }
        finally
        {
            await fixture.Graph.StartResourceAsync(PulseResources.Postgres, _ct);
        }

        AssertPostgresOutageAnswers(answers);
        await AssertRecoveredAsync();
    }

    [Fact]
    public async Task AFrozenRedisLeavesTheRegistryServingAndDegradedAndHealthyAgainWhenItThaws()
    {
        var probe = await PrepareAsync();
        IReadOnlyList<TimedAnswer> answers;
        using (var frozen = fixture.Graph.Freeze(PulseResources.Redis))
        {
            answers = await DuringRedisOutageAsync(probe);
        }

        AssertRedisOutageAnswers(answers);
        await AssertRecoveredAsync();
    }

    [Fact]
    public async Task AKilledRedisLeavesTheRegistryServingAndDegradedAndHealthyAgainWhenItIsBack()
    {
        var probe = await PrepareAsync();
        IReadOnlyList<TimedAnswer> answers;
        await fixture.Graph.KillAsync(PulseResources.Redis, _ct);
        try
        {
            answers = await DuringRedisOutageAsync(probe);
        }
        finally
        {
            await fixture.Graph.StartResourceAsync(PulseResources.Redis, _ct);
        }

        AssertRedisOutageAnswers(answers);
        await AssertRecoveredAsync();
    }

    [Fact]
    public async Task HaulAndPilotKeepAnsweringWhileTheRegistryIsKilledAndHaulIsOnlineAgainAfterItsRestart()
    {
        await AssertRecoveredAsync();
        using var haul = fixture.Haul();
        using var pilot = fixture.Pilot();
        await fixture.Graph.KillAsync(PulseResources.Registry, _ct);
        List<TimedAnswer> answers;
        try
        {
            answers =
            [
                await TimedAnswer.GetAsync("haul /health", haul, "/health", _ct),
                await TimedAnswer.GetAsync("pilot /health", pilot, "/health", _ct),
                await TimedAnswer.GetAsync("haul GET torrents", haul, "/api/v1/torrents", _ct),
                await TimedAnswer.GetAsync("pilot GET grabs", pilot, "/api/v1/grabs", _ct),
                await TimedAnswer.GetAsync("pilot GET download-clients", pilot, "/api/v1/download-clients", _ct),
            ];
        }
        finally
        {
            await fixture.Graph.StartResourceAsync(PulseResources.Registry, _ct);
        }

        Report("registry killed", answers);
        Assert.All(answers, answer =>
        {
            Assert.True(answer.Status == HttpStatusCode.OK && answer.Took < HealthDeadline, answer.ToString());
        });

        await AssertRecoveredAsync();
        using var registry = fixture.Registry();
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await registry.GetAsync("/api/v1/services", _ct);
            var body = await response.Content.ReadAsStringAsync(_ct);
            return response.IsSuccessStatusCode && JsonDocument.Parse(body).RootElement.EnumerateArray().Any(service =>
                service.GetProperty("name").GetString() == PulseResources.Haul && service.GetProperty("status").GetString() == "online");
        }, _ct, RecoveryDeadline, "Haul online in the restarted registry");
    }

    [Fact]
    public async Task PilotAndTheRegistryKeepAnsweringWhileHaulIsKilledAndHaulKeepsItsTorrentsAfterItsRestart()
    {
        await AssertRecoveredAsync();
        using var haul = fixture.Haul();
        using var pilot = fixture.Pilot();
        using var registry = fixture.Registry();
        var infoHash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "c0ffee00";
        using (var added = await haul.PostAsJsonAsync("/api/v1/torrents", new { uri = $"magnet:?xt=urn:btih:{infoHash}" }, _ct))
        {
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        }

        await fixture.Graph.KillAsync(PulseResources.Haul, _ct);
        List<TimedAnswer> answers;
        try
        {
            answers =
            [
                await TimedAnswer.GetAsync("pilot /health", pilot, "/health", _ct),
                await TimedAnswer.GetAsync("registry /health", registry, "/health", _ct),
                await TimedAnswer.GetAsync("pilot GET grabs", pilot, "/api/v1/grabs", _ct),
                await TimedAnswer.GetAsync("registry GET services", registry, "/api/v1/services", _ct),
            ];
        }
        finally
        {
            await fixture.Graph.StartResourceAsync(PulseResources.Haul, _ct);
        }

        Report("haul killed", answers);
        Assert.All(answers, answer => Assert.True(answer.Status == HttpStatusCode.OK && answer.Took < HealthDeadline, answer.ToString()));

        await AssertRecoveredAsync();
        using var restartedHaul = fixture.Haul();
        using var torrent = await restartedHaul.GetAsync($"/api/v1/torrents/{infoHash}", _ct);
        Assert.Equal(HttpStatusCode.OK, torrent.StatusCode);
    }

    /// <summary>What the long polls wait on: the registry's current index, and a service in poll mode (no deliveries yet).</summary>
    private sealed record Probe(string Index, string Cursor, string PollServiceId);

    private async Task<Probe> PrepareAsync()
    {
        await AssertRecoveredAsync();
        using var registry = fixture.Registry();
        var name = $"outage-{Guid.NewGuid():N}"[..24];
        using var registered = await registry.PostAsJsonAsync("/api/v1/services/register", new Dictionary<string, object>
        {
            ["name"] = name,
            ["type"] = "download-client",
            ["api_key"] = "poll-service-key-" + Guid.NewGuid().ToString("N"),
            ["version"] = "1.0.0",
            ["capabilities"] = new[] { "supports_torrent" },
            ["delivery_mode"] = "poll",
        }, _ct);
        var registration = await registered.Content.ReadAsStringAsync(_ct);
        Assert.True(registered.IsSuccessStatusCode, $"register: {(int)registered.StatusCode} {registration}");
        var serviceId = JsonDocument.Parse(registration).RootElement.GetProperty("id").GetString()!;

        using var services = await registry.GetAsync("/api/v1/services", _ct);
        services.EnsureSuccessStatusCode();
        var index = services.Headers.GetValues("X-Pulse-Index").Single();

        using var events = await registry.GetAsync("/api/v1/events", _ct);
        events.EnsureSuccessStatusCode();
        var cursor = JsonDocument.Parse(await events.Content.ReadAsStringAsync(_ct)).RootElement.GetProperty("next_cursor").GetString()!;
        return new Probe(index, cursor, serviceId);
    }

    private string Wait => $"{LongPollWait.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";

    /// <summary>The long polls a probe starts: events, a blocking read of the services, and the poll service's deliveries.</summary>
    private List<Task<TimedAnswer>> StartLongPolls(HttpClient registry, Probe probe, string when) =>
    [
        TimedAnswer.GetAsync($"long poll events ({when})", registry, $"/api/v1/events?after={probe.Cursor}&wait={Wait}", _ct),
        TimedAnswer.GetAsync($"long poll services ({when})", registry, $"/api/v1/services?index={probe.Index}&wait={Wait}", _ct),
        TimedAnswer.GetAsync($"long poll deliveries ({when})", registry,
            $"/api/v1/services/{probe.PollServiceId}/deliveries?after=0&wait={Wait}", _ct),
    ];

    /// <summary>
    /// Starts long polls, brings PostgreSQL down with <paramref name="outage"/> (so they end while it is down), then
    /// sends every kind of request at once.
    /// </summary>
    private async Task<IReadOnlyList<TimedAnswer>> DuringPostgresOutageAsync(Probe probe, Func<Task> outage)
    {
        using var registry = fixture.Registry();
        using var haul = fixture.Haul();
        using var pilot = fixture.Pilot();
        var startedBefore = StartLongPolls(registry, probe, "started before the outage");
        await outage();
        var grab = new { title = "Outage.S01E01", uri = $"magnet:?xt=urn:btih:{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())}0badf00d" };
        List<Task<TimedAnswer>> calls =
        [
            .. startedBefore,
            .. StartLongPolls(registry, probe, "started in the outage"),
            TimedAnswer.GetAsync("registry /health", registry, "/health", _ct),
            TimedAnswer.GetAsync("haul /health", haul, "/health", _ct),
            TimedAnswer.GetAsync("pilot /health", pilot, "/health", _ct),
            TimedAnswer.GetAsync("registry GET services", registry, "/api/v1/services", _ct),
            TimedAnswer.SendAsync("registry POST register", registry, () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/services/register")
            {
                Content = JsonContent.Create(new Dictionary<string, object>
                {
                    ["name"] = $"pg-outage-{Guid.NewGuid():N}"[..24],
                    ["type"] = "media-manager",
                    ["api_url"] = "http://127.0.0.1:1/",
                    ["version"] = "1.0.0",
                }),
            }, _ct),
            TimedAnswer.GetAsync("haul GET torrents", haul, "/api/v1/torrents", _ct),
            TimedAnswer.GetAsync("pilot GET grabs", pilot, "/api/v1/grabs", _ct),
            TimedAnswer.SendAsync("pilot POST grab", pilot, () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/grabs")
            {
                Content = JsonContent.Create(grab),
            }, _ct),
        ];
        return await Task.WhenAll(calls);
    }

    private async Task<IReadOnlyList<TimedAnswer>> DuringRedisOutageAsync(Probe probe)
    {
        using var registry = fixture.Registry();
        List<Task<TimedAnswer>> calls =
        [
            .. StartLongPolls(registry, probe, "started in the outage"),
            TimedAnswer.GetAsync("registry /health", registry, "/health", _ct),
            TimedAnswer.GetAsync("registry GET services", registry, "/api/v1/services", _ct),
            TimedAnswer.SendAsync("registry POST register", registry, () => new HttpRequestMessage(HttpMethod.Post, "/api/v1/services/register")
            {
                Content = JsonContent.Create(new Dictionary<string, object>
                {
                    ["name"] = $"redis-outage-{Guid.NewGuid():N}"[..24],
                    ["type"] = "media-manager",
                    ["api_url"] = "http://127.0.0.1:1/",
                    ["version"] = "1.0.0",
                }),
            }, _ct),
        ];
        return await Task.WhenAll(calls);
    }

    private static void AssertPostgresOutageAnswers(IReadOnlyList<TimedAnswer> answers)
    {
        Report("postgres down", answers);
        foreach (var answer in answers)
        {
            if (answer.What.EndsWith("/health", StringComparison.Ordinal))
            {
                Assert.True(answer.Took < HealthDeadline, $"too slow: {answer}");
                Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, answer.ToString());
                Assert.Equal("Unhealthy", answer.HealthStatus());
                Assert.Equal("Unhealthy", answer.HealthStatus(PulseResources.PostgresHealthCheck));
            }
            else if (answer.What.StartsWith("long poll", StringComparison.Ordinal))
            {
                Assert.True(answer.Took < LongPollWait + LongPollMargin, $"too slow: {answer}");
                Assert.True(answer.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, answer.ToString());
                if (answer.Status == HttpStatusCode.ServiceUnavailable)
                {
                    AssertUnavailable(answer);
                }
            }
            else
            {
                // A grab waits for its download client by design, so it has no request deadline: Npgsql's own
                // deadlines end it.
                var deadline = answer.What == "pilot POST grab" ? GrabUnavailableDeadline : UnavailableDeadline;
                Assert.True(answer.Took < deadline, $"too slow: {answer}");
                Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, answer.ToString());
                AssertUnavailable(answer);
            }
        }
    }

    private static void AssertRedisOutageAnswers(IReadOnlyList<TimedAnswer> answers)
    {
        Report("redis down", answers);
        foreach (var answer in answers)
        {
            if (answer.What == "registry /health")
            {
                Assert.True(answer.Took < HealthDeadline, $"too slow: {answer}");
                Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
                Assert.Equal("Degraded", answer.HealthStatus());
                Assert.Equal("Degraded", answer.HealthStatus(PulseResources.RedisHealthCheck));
                Assert.Equal("Healthy", answer.HealthStatus(PulseResources.PostgresHealthCheck));
            }
            else if (answer.What.StartsWith("long poll", StringComparison.Ordinal))
            {
                Assert.True(answer.Took < LongPollWait + LongPollMargin, $"too slow: {answer}");
                Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
            }
            else
            {
                Assert.True(answer.Took < UnavailableDeadline, $"too slow: {answer}");
                Assert.True(answer.Status is { } status && (int)status is >= 200 and < 300, answer.ToString());
            }
        }
    }

    private static void AssertUnavailable(TimedAnswer answer)
    {
        Assert.True(answer.RetryAfter is { } retry && retry > TimeSpan.Zero, $"no Retry-After: {answer}");
        Assert.True(answer.ContentType == "application/problem+json", $"not a problem: {answer}");
    }

    /// <summary>The registry, Haul and Pilot all Healthy, and each serves a request that needs its database.</summary>
    private async Task AssertRecoveredAsync()
    {
        using var registry = fixture.Registry();
        using var haul = fixture.Haul();
        using var pilot = fixture.Pilot();
        foreach (var (client, name, path) in new[]
                 {
                     (registry, "registry", "/api/v1/services"), (haul, "haul", "/api/v1/torrents"), (pilot, "pilot", "/api/v1/grabs"),
                 })
        {
            await Eventually.HoldsAsync(async () =>
            {
                var health = await TimedAnswer.GetAsync($"{name} /health", client, "/health", _ct);
                var data = await TimedAnswer.GetAsync($"{name} GET {path}", client, path, _ct);
                return health.Status == HttpStatusCode.OK && health.HealthStatus() == "Healthy" && data.Status == HttpStatusCode.OK;
            }, _ct, RecoveryDeadline, $"{name} healthy and serving");
        }

        var events = await TimedAnswer.GetAsync("events after recovery", registry, "/api/v1/events?wait=1s", _ct);
        Assert.True(events.Status == HttpStatusCode.OK, events.ToString());
    }

    /// <summary>Writes the answers to the test's output, and appends them to the file <c>PULSE_TEST_FIGURES</c> names, if any.</summary>
    private static void Report(string outage, IEnumerable<TimedAnswer> answers)
    {
        var lines = answers.Select(answer => $"[{outage}] {answer}").ToList();
        foreach (var line in lines)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }

        if (Environment.GetEnvironmentVariable("PULSE_TEST_FIGURES") is { Length: > 0 } figures)
        {
            File.AppendAllLines(figures, [$"{TestContext.Current.Test?.TestDisplayName}:", .. lines]);
        }
    }
}
