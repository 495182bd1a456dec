namespace Pulse.Hosting.Orchestration;

/// <summary>Where the host writes its own messages and the resources' console output.</summary>
internal interface IHostOutput
{
    void Info(string message);

    void Error(string message);

    void ResourceLine(string resourceName, ConsoleLine line);
}

/// <summary>The terminal: each resource's lines prefixed with its name.</summary>
internal sealed class ConsoleHostOutput : IHostOutput
{
    private readonly Lock _gate = new();

    public void Info(string message) => Write(Console.Out, message);

    public void Error(string message) => Write(Console.Error, message);

    public void ResourceLine(string resourceName, ConsoleLine line) => Write(Console.Out, $"[{resourceName}] {line.Text}");

    private void Write(TextWriter writer, string text)
    {
        lock (_gate)
        {
            writer.WriteLine(text);
        }
    }
}

/// <summary>Tests: the host's messages only; console lines stay in each resource's buffer.</summary>
internal sealed class QuietHostOutput : IHostOutput
{
    public void Info(string message)
    {
    }

    public void Error(string message) => Console.Error.WriteLine(message);

    public void ResourceLine(string resourceName, ConsoleLine line)
    {
    }
}
