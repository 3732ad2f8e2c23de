namespace Ias.EndToEnd.Tests.Commands;

// The attack table's parts of the box each run as a class of their own: xunit runs one class's tests one after another,
// and the whole table in one class was the suite's longest chain (89 sprints, about 15 minutes).

/// <summary>The agent's private workspace rows of the attack table (AttackTableTests.Workspace.cs).</summary>
public sealed class WorkspaceAttackTests
{
    public static TheoryData<string> Names => AttackTableTests.WorkspaceNames;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Every_attack_leaves_main_where_it_was_and_is_on_record(string name) => AttackTableTests.AttackAsync(name);
}

/// <summary>The home, environment and limits rows of the attack table (AttackTableTests.Home.cs).</summary>
public sealed class HomeAttackTests
{
    public static TheoryData<string> Names => AttackTableTests.HomeNames;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Every_attack_leaves_main_where_it_was_and_is_on_record(string name) => AttackTableTests.AttackAsync(name);
}

/// <summary>The files-read-back rows of the attack table (AttackTableTests.File.cs).</summary>
public sealed class FileAttackTests
{
    public static TheoryData<string> Names => AttackTableTests.FileNames;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Every_attack_leaves_main_where_it_was_and_is_on_record(string name) => AttackTableTests.AttackAsync(name);
}

/// <summary>The inert-text and redaction rows of the attack table (AttackTableTests.Text.cs).</summary>
public sealed class TextAttackTests
{
    public static TheoryData<string> Names => AttackTableTests.TextNames;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Every_attack_leaves_main_where_it_was_and_is_on_record(string name) => AttackTableTests.AttackAsync(name);
}

/// <summary>The box's network rows of the attack table (AttackTableTests.Network.cs).</summary>
public sealed class NetworkAttackTests
{
    public static TheoryData<string> Names => AttackTableTests.NetworkNames;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Every_attack_leaves_main_where_it_was_and_is_on_record(string name) => AttackTableTests.AttackAsync(name);
}

/// <summary>The rows that hold every box to the same limits (AttackTableTests.Limits.cs).</summary>
public sealed class LimitAttackTests
{
    public static TheoryData<string> Names => AttackTableTests.LimitNames;

    [Theory]
    [MemberData(nameof(Names))]
    public Task Every_attack_leaves_main_where_it_was_and_is_on_record(string name) => AttackTableTests.AttackAsync(name);
}
