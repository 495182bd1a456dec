namespace Pulse.Hosting;

/// <summary>
/// Where a project of the graph lives and where its build output is. The AppHost's build generates one
/// implementation per referenced project (for example <c>Projects.Pulse_Registry</c>).
/// </summary>
public interface IProjectMetadata
{
    /// <summary>The full path of the project file.</summary>
    string ProjectPath { get; }

    /// <summary>The full path of the project's built assembly, which the host runs.</summary>
    string TargetPath { get; }
}
