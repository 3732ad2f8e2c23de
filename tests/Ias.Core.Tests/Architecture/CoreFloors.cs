namespace Ias.Core.Tests.Architecture;

/// <summary>
/// The folders of Ias.Core stand on floors: generic pieces on the ground, the tools (git, safety) above them, the agents,
/// then the orchestrators, then the read model and the engine client on top. A folder uses only what stands below it
/// (and, on its own floor, only the folders this table names), so the folders form no cycle. Both the check of the
/// compiled engine and the check of its source read this one table. The two largest folders are split into rooms of one
/// role each, which stand on floors of their own inside the folder (<see cref="Rooms"/>).
/// </summary>
internal static class CoreFloors
{
    public const string Root = "Ias.Core";

    private static readonly string[] Ground = ["StateMachines", "Config", "Storage", "Processes"];
    private static readonly string[] Tools = [.. Ground, "Git", "Safety", "Sandbox", "Guardrails", "Notifications", "Decisions", "Scaffold"];
    private static readonly string[] UpToAgents = [.. Tools, "Agents"];
    private static readonly string[] UpToTurns = [.. UpToAgents, "Turns"];
    private static readonly string[] UpToCycles = [.. UpToTurns, "Cycles"];
    private static readonly string[] Orchestrators = [.. UpToCycles, "Plans", "Bugs", "Jobs"];

    /// <summary>Each folder and the folders it may use; it may use no other folder of this table.</summary>
    public static IReadOnlyDictionary<string, string[]> MayUse { get; } = new Dictionary<string, string[]>
    {
        // Ground floor: generic pieces that know no feature.
        ["StateMachines"] = [],
        ["Config"] = [],
        ["Storage"] = ["StateMachines", "Config"],
        ["Processes"] = ["StateMachines", "Config", "Storage"],

        // Tools: git and gh, then safety, whose ICE asks git about the repository.
        ["Git"] = Ground,
        ["Safety"] = [.. Ground, "Git"],

        // The box the agent runs in: bubblewrap's command line for one repository, built from what git says of it.
        ["Sandbox"] = [.. Ground, "Git"],

        // The checks on what agents are given (danger levels, personal data, injection), redacting secrets as safety does.
        ["Guardrails"] = [.. Ground, "Safety"],

        // Telling a person about a gate: the hook's JSON has its secrets redacted, as safety does.
        ["Notifications"] = [.. Ground, "Safety"],

        // The questions agents ask people: their table, their record files and the file `ias ask` leaves in the turn's folder.
        ["Decisions"] = Ground,

        // The files an agent reads in a repository (AGENTS.md's ias section, docs/ias/), their texts and the prompts' pointer to them.
        ["Scaffold"] = Ground,

        ["Agents"] = Tools,

        // The one agent turn every orchestrator runs: workspace, launch, display lines, commit, the failure-action table.
        ["Turns"] = UpToAgents,

        // Orchestrators: Run Mode's cycles, which a sprint plan and a bug run drive, and the job queue.
        ["Cycles"] = UpToTurns,
        ["Plans"] = UpToCycles,
        ["Bugs"] = UpToCycles,
        ["Jobs"] = UpToCycles,

        // Top: the read model, and the engine client that may read it.
        ["Snapshots"] = Orchestrators,
        ["Control"] = [.. Orchestrators, "Snapshots"],

        // The morning's report of what happened, read as the dashboard's read model reads.
        ["Reports"] = [.. Orchestrators, "Snapshots"],

        // Making a repository ready for agents and saying whether it is: `ias bootstrap`, `ias preflight`.
        ["Setup"] = Orchestrators,

        // A stored run played back: its timeline, and the read model's snapshot as it stood at each moment.
        ["Replays"] = [.. Orchestrators, "Snapshots"],
    };

    /// <summary>
    /// The folders split into rooms, bottom to top: a room uses only the rooms below it, and the folder holds nothing but
    /// its rooms. So one sprint's path reads upward from the phases it moves through to the engine that drives it, and one
    /// queue job's from its row to the runner.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Rooms { get; } = new Dictionary<string, string[]>
    {
        ["Cycles"] = ["Lifecycle", "Findings", "A2a", "Inputs", "Records", "Live", "Preflight", "Publishing", "Steps", "Engine"],
        ["Jobs"] = ["Records", "Retry", "Store", "Postgres", "Mirror", "Intake", "Queue", "Attempt", "Runner"],
    };

    /// <summary>Whether <paramref name="folder"/> may use <paramref name="other"/>: its own folder, or one the table gives it.</summary>
    public static bool Allows(string folder, string other) => folder == other || MayUse[folder].Contains(other);

    /// <summary>
    /// Whether the room <paramref name="room"/> (Cycles.Steps) may use the room <paramref name="other"/>: itself or one below
    /// it. Rooms of two folders are the folders' concern (<see cref="Allows"/>), not this.
    /// </summary>
    public static bool AllowsRoom(string room, string other) =>
        Split(room) is var (folder, name) && Split(other) is var (otherFolder, otherName)
        && (folder != otherFolder || Array.IndexOf(Rooms[folder], otherName) <= Array.IndexOf(Rooms[folder], name));

    /// <summary>The folders <paramref name="folder"/> may use, for a message; for a room (Cycles.Steps), the rooms below it.</summary>
    public static string Describe(string folder) =>
        Split(folder) is var (parent, room) && room.Length > 0 ? DescribeRoom(parent, room)
        : MayUse[folder].Length == 0 ? "no other folder"
        : string.Join(", ", MayUse[folder]);

    /// <summary>Every room as folder.room (Cycles.Steps), bottom to top within each folder.</summary>
    public static IEnumerable<string> AllRooms() => Rooms.SelectMany(f => f.Value.Select(room => $"{f.Key}.{room}"));

    /// <summary>The room of the table a namespace is in (Ias.Core.Jobs.Store is in Jobs.Store); null outside a folder with rooms.</summary>
    public static string? RoomOf(string? ns) =>
        FolderOf(ns) is { } folder && Rooms.ContainsKey(folder) && ns![(Root.Length + 1)..].Split('.') is { Length: > 1 } parts
            ? $"{folder}.{parts[1]}"
            : null;

    private static (string Folder, string Room) Split(string place) =>
        place.IndexOf('.', StringComparison.Ordinal) is var dot and >= 0 ? (place[..dot], place[(dot + 1)..]) : (place, "");

    private static string DescribeRoom(string folder, string room)
    {
        var below = Rooms[folder].TakeWhile(r => r != room).ToList();
        return below.Count == 0 ? $"no other room of {folder}" : $"the rooms of {folder} below it: {string.Join(", ", below)}";
    }

    /// <summary>The folder of the table a namespace is in (Ias.Core.Jobs.Queue is in Jobs); null for any other namespace.</summary>
    public static string? FolderOf(string? ns) =>
        ns is not null && ns.StartsWith(Root + ".", StringComparison.Ordinal) && ns[(Root.Length + 1)..].Split('.')[0] is var folder
            && MayUse.ContainsKey(folder)
            ? folder
            : null;
}
