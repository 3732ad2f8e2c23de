using System.Diagnostics;
using Ias.Core.Processes;

namespace Ias.Core.Tests.Processes;

public sealed class ProcessFamilyTests
{
    [Fact]
    public void A_process_carrying_the_tag_among_others_is_a_member_and_one_with_another_tag_is_not()
    {
        var tag = ProcessFamily.NewTag();
        using var ours = Sleep($"{ProcessFamily.NewTag()},{tag},{ProcessFamily.NewTag()}");
        using var theirs = Sleep(ProcessFamily.NewTag());
        try
        {
            var members = new ProcessFamily(ours.Id, tag).Members();

            Assert.Contains(ours.Id, members);
            Assert.DoesNotContain(theirs.Id, members);
            Assert.DoesNotContain(Environment.ProcessId, members);
        }
        finally
        {
            ours.Kill();
            theirs.Kill();
        }
    }

    [Fact]
    public void A_run_inside_a_run_keeps_the_outer_tags_and_adds_its_own()
    {
        var tag = ProcessFamily.NewTag();
        var outer = Environment.GetEnvironmentVariable(ProcessFamily.TagVariable);

        var value = ProcessFamily.TagValue(tag);

        Assert.Equal(string.IsNullOrEmpty(outer) ? tag : $"{outer},{tag}", value);
    }

    /// <summary>A sleeping child with <paramref name="tags"/> in its environment; Process.Start returns once it has exec'd, so its environment is in place.</summary>
    private static Process Sleep(string tags)
    {
        var info = new ProcessStartInfo("sleep", ["300"]) { UseShellExecute = false };
        info.Environment[ProcessFamily.TagVariable] = tags;
        return Process.Start(info)!;
    }
}
