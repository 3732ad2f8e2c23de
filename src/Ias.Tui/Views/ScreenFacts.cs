using Ias.Core.Snapshots;

namespace Ias.Tui.Views;

/// <summary>
/// What the last frame showed, which key handling needs: how many jobs there are, each drawn pane's lines and height,
/// and how far the help overlay can scroll (0 when every binding fits).
/// </summary>
public sealed record ScreenFacts(int Jobs, IReadOnlyDictionary<string, PaneFacts> Panes, int HelpLastTop = 0)
{
    /// <summary>The SHAs the branch overlay listed, newest first; empty when it was closed.</summary>
    public IReadOnlyList<string> BranchShas { get; init; } = [];

    /// <summary>How far the opened commit can scroll, and one page of it.</summary>
    public (int LastTop, int Page) BranchScroll { get; init; }

    /// <summary>The runs the runs list showed, latest active first; empty when it was closed.</summary>
    public IReadOnlyList<RunSummary> Runs { get; init; } = [];

    /// <summary>The ids of the questions the inbox listed, oldest first; empty when it was closed.</summary>
    public IReadOnlyList<string> Questions { get; init; } = [];

    /// <summary>Before the first frame: nothing shown yet.</summary>
    public static ScreenFacts None { get; } = new(0, new Dictionary<string, PaneFacts>());

    /// <summary>What the frame showed of <paramref name="pane"/>; <see cref="PaneFacts.Hidden"/> when it was not drawn.</summary>
    public PaneFacts Of(IPane pane) => Panes.GetValueOrDefault(pane.Id) ?? PaneFacts.Hidden;
}
