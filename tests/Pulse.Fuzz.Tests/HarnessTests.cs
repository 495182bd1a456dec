using System.Text;
using System.Text.Json;
using Pulse.Fuzz.Tests.Harness;
using Pulse.Fuzz.Tests.Json;
using static Pulse.Fuzz.Tests.Json.FuzzJson;

namespace Pulse.Fuzz.Tests;

/// <summary>The harness's own parts, without a graph: what it writes, what it compares, and that its cases repeat.</summary>
public sealed class HarnessTests
{
    private static readonly ApiOperation Create = new("POST", "/api/v1/things", [], ["limit"], true,
        new Dictionary<string, string> { ["name"] = "string", ["size"] = "integer" });

    [Fact]
    public void ALoneSurrogateTravelsAsAnEscapeAndReadsBackAsItself()
    {
        var json = Obj(("name", Str("a\ud800b\U0001F600"))).ToUtf8();

        Assert.Equal("{\"name\":\"a\\ud800b\U0001F600\"}", Encoding.UTF8.GetString(json));
        using var document = JsonDocument.Parse(json);
        Assert.Equal("a\ud800b\U0001F600", JsonText.StringOf(document.RootElement.GetProperty("name")));
    }

    [Fact]
    public void AStoredValueThatDiffersFromTheSentOneIsReported()
    {
        var sent = Obj(("name", Str("fuzz\u200b")), ("size", Num(5)), ("tags", Arr(Str("a"))));
        using var same = JsonDocument.Parse("""{"name":"fuzz\u200b","size":5,"tags":["a"]}""");
        using var stripped = JsonDocument.Parse("""{"name":"fuzz","size":5,"tags":["a"]}""");
        using var resized = JsonDocument.Parse("""{"name":"fuzz\u200b","size":6,"tags":["a"]}""");

        Assert.Null(StoredAs.Differences(sent, same.RootElement));
        Assert.Contains("name", StoredAs.Differences(sent, stripped.RootElement));
        Assert.Contains("size", StoredAs.Differences(sent, resized.RootElement));
    }

    [Fact]
    public void TheSameSeedMakesTheSameCasesAndEveryFieldGetsEveryKindOfMutation()
    {
        var spec = new RouteSpec { Key = Create.Key, Body = _ => Obj(("name", Str("thing")), ("size", Num(1))) };
        var first = CaseGenerator.For(Create, spec);
        var second = CaseGenerator.For(Create, spec);
        var ids = new RouteIds();

        Assert.Equal(first.Select(c => c.ToString()), second.Select(c => c.ToString()));
        Assert.Equal(first.Select(c => c.Build(ids).Describe()), second.Select(c => c.Build(ids).Describe()));
        var kinds = first.Select(c => c.Kind).ToHashSet();
        foreach (var kind in Evil.Strings.Select(s => s.Kind).Concat(Evil.TypeSwaps.Select(t => t.Kind)).Concat(Evil.Numbers.Select(n => n.Kind))
            .Concat(["missing-field", "duplicate-field", "deep-nesting", "invalid-utf8", "body:malformed", "query:nul", "combined"]))
        {
            Assert.Contains(kind, kinds);
        }
    }
}
