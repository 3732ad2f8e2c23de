using Ias.Core.Tests.Support;
using Ias.Tui.Theming;
using Spectre.Console;

namespace Ias.Tui.Tests.Theming;

/// <summary>Built-in themes, theme files and their inheritance, and the one-line errors a bad theme gets.</summary>
public sealed class ThemeLoaderTests
{
    public static TheoryData<string> BuiltIns => ["default", "mono", "high-contrast", "solarized-16"];

    [Fact]
    public void The_built_in_themes_are_the_four_in_themes_folder_default_first()
    {
        Assert.Equal(["default", "high-contrast", "mono", "solarized-16"], ThemeLoader.BuiltInNames);
    }

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Every_built_in_theme_loads_with_its_name_description_and_a_style_for_every_role(string name)
    {
        var theme = ThemeLoader.Load(name);

        Assert.Equal(name, theme.Name);
        Assert.Equal($"themes/{name}.yaml", theme.Source);
        Assert.NotEmpty(theme.Description);
        foreach (var role in ThemeRoles.All)
        {
            _ = theme.Style(role.Name);
        }
    }

    [Fact]
    public void Default_sets_every_role_itself_and_inherits_nothing()
    {
        var theme = ThemeLoader.Load("default");

        Assert.Null(theme.Inherits);
        Assert.Equal(ThemeRoles.All.Select(r => r.Name).Order(), theme.OwnRoles.Order());
    }

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void The_yaml_files_shipped_in_themes_folder_are_the_embedded_ones(string name)
    {
        var shipped = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "themes", name + ".yaml"));

        var fromFile = ThemeLoader.Parse(shipped, $"themes/{name}.yaml");

        Assert.Equal(Described(ThemeLoader.Load(name)), Described(fromFile));
    }

    [Fact]
    public void Solarized_16_uses_only_the_terminals_16_palette_colours()
    {
        var theme = ThemeLoader.Load("solarized-16");

        foreach (var role in ThemeRoles.All)
        {
            var style = theme.Style(role.Name);
            foreach (var colour in new[] { style.Foreground, style.Background })
            {
                Assert.True(
                    colour.Equals(Color.Default) || Palette.NumberOf(colour) < 16,
                    $"{role.Name} uses {colour.ToMarkup()}, which is not one of the 16 ANSI colours");
            }
        }

        Assert.Contains(ThemeRoles.All, r => !theme.Style(r.Name).Foreground.Equals(Color.Default));
    }

    [Fact]
    public void Mono_uses_decorations_and_no_colour_so_NO_COLOR_loses_nothing()
    {
        var theme = ThemeLoader.Load("mono");

        foreach (var role in ThemeRoles.All)
        {
            var style = theme.Style(role.Name);
            Assert.True(style.Foreground.Equals(Color.Default), $"{role.Name} has foreground {style.Foreground.ToMarkup()}");
            Assert.True(style.Background.Equals(Color.Default), $"{role.Name} has background {style.Background.ToMarkup()}");
        }

        Assert.Equal(Decoration.Invert, theme.Style(ThemeRoles.Selection).Decoration & Decoration.Invert);
        Assert.NotEqual(theme.Style(ThemeRoles.BreakerClosed), theme.Style(ThemeRoles.BreakerOpen));
    }

    [Fact]
    public void A_partial_theme_file_inherits_the_roles_it_leaves_out_from_default()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("calm.yaml"), "# mine\nbreaker.open: \"bold black on yellow\"\njob.failed: magenta\n");

        var theme = ThemeLoader.Load(dir.Combine("calm.yaml"));
        var baseTheme = ThemeLoader.Load("default");

        Assert.Equal("calm", theme.Name);
        Assert.Equal("default", theme.Inherits);
        Assert.Equal(["breaker.open", "job.failed"], theme.OwnRoles.Order());
        Assert.Equal("bold black on yellow", StyleText.Format(theme.Style(ThemeRoles.BreakerOpen)));
        Assert.Equal("magenta", StyleText.Format(theme.Style(ThemeRoles.JobFailed)));
        foreach (var role in ThemeRoles.All.Where(r => r.Name is not ("breaker.open" or "job.failed")))
        {
            Assert.Equal(StyleText.Format(baseTheme.Style(role.Name)), StyleText.Format(theme.Style(role.Name)));
        }
    }

    [Fact]
    public void A_theme_file_can_inherit_another_built_in_theme_and_name_itself()
    {
        var theme = ThemeLoader.Parse("name: quiet\ndescription: mono, louder errors\ninherits: mono\nlog.error: \"bold red\"\n", "quiet.yaml");

        Assert.Equal("quiet", theme.Name);
        Assert.Equal("mono, louder errors", theme.Description);
        Assert.Equal("mono", theme.Inherits);
        Assert.Equal("bold red", StyleText.Format(theme.Style(ThemeRoles.LogError)));
        Assert.Equal("bold reverse", StyleText.Format(theme.Style(ThemeRoles.BreakerOpen)));
    }

    [Fact]
    public void An_empty_theme_file_is_default_under_another_name()
    {
        var theme = ThemeLoader.Parse("# nothing yet\n", "empty.yaml");

        Assert.Equal("empty", theme.Name);
        Assert.Empty(theme.OwnRoles);
        Assert.Equal(Described(ThemeLoader.Load("default")), Described(theme));
    }

    [Fact]
    public void A_relative_theme_path_is_read_from_the_base_directory()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine("looks"));
        File.WriteAllText(dir.Combine("looks", "mine.yaml"), "text: italic\n");

        var theme = ThemeLoader.Load("looks/mine.yaml", dir.Path);

        Assert.Equal("looks/mine.yaml", theme.Source);
        Assert.Equal("italic", StyleText.Format(theme.Style(ThemeRoles.Text)));
    }

    [Fact]
    public void An_unknown_role_is_a_one_line_error_with_file_line_column_and_the_role_it_meant()
    {
        var ex = Assert.Throws<ThemeException>(() =>
            ThemeLoader.Parse("name: x\n\n# comment\ntext: bold\n\n\nbreaker.opne: red\n", "themes/x.yaml"));

        Assert.Equal("themes/x.yaml:7:1: unknown role \"breaker.opne\"; did you mean \"breaker.open\"? (see ias help themes for every role)", ex.Message);
    }

    [Fact]
    public void An_unknown_role_far_from_any_known_one_lists_the_first_roles()
    {
        var ex = Assert.Throws<ThemeException>(() => ThemeLoader.Parse("  sparkles: red\n", "x.yaml"));

        Assert.Equal(
            $"x.yaml:1:3: unknown role \"sparkles\" (known roles: header.title, header.text, header.state.ready, header.state.jack_in, … {ThemeRoles.All.Count} in all; see ias help themes)",
            ex.Message);
    }

    [Fact]
    public void A_bad_colour_is_a_one_line_error_pointing_at_the_word_in_the_file()
    {
        var ex = Assert.Throws<ThemeException>(() =>
            ThemeLoader.Parse("text: bold\njob.done: green\nbreaker.open: \"bold purplish on red\"\n", "themes/x.yaml"));

        Assert.StartsWith("themes/x.yaml:3:21: bad colour \"purplish\" in \"bold purplish on red\"; ", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [InlineData("text: bold blurple\n", "x.yaml:1:12: bad colour \"blurple\"")]
    [InlineData("text: 'on  teal'\n", "x.yaml:1:12: bad colour \"teal\"")]
    [InlineData("text: >-\n  bold teal\n", "x.yaml:1:7: bad colour \"teal\"")]
    [InlineData("text:\n", "x.yaml:1:6: role \"text\" has no style")]
    [InlineData("text: [bold]\n", "x.yaml:1:7: \"text\" must be a single string")]
    [InlineData("text: bold\ntext: dim\n", "x.yaml:2:1: \"text\" is set twice (first on line 1)")]
    [InlineData("- text\n", "x.yaml:1:1: a theme file is a mapping of role: style")]
    [InlineData("text: \"bold\n", "x.yaml:")]
    [InlineData("inherits: neon\n", "x.yaml:1:11: inherits unknown theme \"neon\"; inherit a built-in theme: default, high-contrast, mono, solarized-16")]
    [InlineData("text: bold\n---\ntext: dim\n", "x.yaml:2:1: a theme file holds one YAML document")]
    public void Every_mistake_in_a_theme_file_is_one_line_that_says_where(string yaml, string expectedStart)
    {
        var ex = Assert.Throws<ThemeException>(() => ThemeLoader.Parse(yaml, "x.yaml"));

        Assert.StartsWith(expectedStart, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void An_unknown_theme_name_lists_the_built_in_themes()
    {
        var ex = Assert.Throws<ThemeException>(() => ThemeLoader.Load("solarised"));

        Assert.Equal(
            "unknown theme \"solarised\"; the built-in themes are default, high-contrast, mono, solarized-16 — or give the path of a .yaml file, such as ./solarised.yaml",
            ex.Message);
    }

    [Fact]
    public void A_missing_theme_file_says_it_was_not_found_and_where_it_looked()
    {
        using var dir = new TempDir();

        var ex = Assert.Throws<ThemeException>(() => ThemeLoader.Load("nope.yaml", dir.Path));

        Assert.StartsWith($"theme file nope.yaml not found (looked for {dir.Combine("nope.yaml")}); ", ex.Message);
        Assert.EndsWith("default, high-contrast, mono, solarized-16", ex.Message);
    }

    [Fact]
    public void Asking_for_a_role_that_does_not_exist_is_a_programmer_error()
    {
        var theme = ThemeLoader.Load("default");

        var ex = Assert.Throws<ArgumentException>(() => theme.Style("breaker.opne"));

        Assert.Contains("breaker.opne", ex.Message);
    }

    [Fact]
    public void The_theme_option_wins_over_the_config_key_which_wins_over_the_default()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.Combine("team.yaml"), "name: team\n");

        Assert.Equal("solarized-16", ThemeLoader.Select("solarized-16", "team.yaml", dir.Path, noColor: false).Name);
        Assert.Equal("team", ThemeLoader.Select(null, "team.yaml", dir.Path, noColor: false).Name);
        Assert.Equal("high-contrast", ThemeLoader.Select(" ", "high-contrast", dir.Path, noColor: true).Name);
        Assert.Equal("default", ThemeLoader.Select(null, null, dir.Path, noColor: false).Name);
    }

    [Fact]
    public void Under_NO_COLOR_with_no_theme_chosen_the_mono_theme_is_used()
    {
        using var dir = new TempDir();

        Assert.Equal("mono", ThemeLoader.Select(null, "", dir.Path, noColor: true).Name);
    }

    private static string Described(Theme theme) =>
        string.Join('\n', ThemeRoles.All.Select(r => $"{r.Name}: {StyleText.Format(theme.Style(r.Name))}"));
}
