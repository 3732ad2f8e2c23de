using System.Diagnostics;
using Ias.Core.Storage;

namespace Ias.Core.Control;

/// <summary>
/// Starts a new engine process that resumes the run in <see cref="RunPaths"/>; the executable knows how to launch
/// itself, the engine does not.
/// </summary>
public interface IEngineStarter
{
    Process Start(RunPaths paths, ResumeRequest request);
}
