package dev.smtpprobe.examples.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The option list of {@code --help}, one section per group of {@link CliOptions} headed by the group's mixin name
 * ({@code Server:}, {@code SMTP:}, ...), after the options of no group ({@code --help}, {@code --version}). The groups
 * are mixins rather than picocli arg groups (see {@link CliOptions}), and picocli gives headings only to arg groups;
 * this renderer puts them back.
 */
final class OptionSections implements IHelpSectionRenderer {

    /** The name of {@link CliOptions} as a mixin of the command: its own mixins are the groups. */
    private final String optionsMixin;

    /** Renders the groups of the mixin named {@code optionsMixin} (the field name of the {@code CliOptions}). */
    OptionSections(String optionsMixin) {
        this.optionsMixin = optionsMixin;
    }

    @Override
    public String render(Help help) {
        CommandSpec command = help.commandSpec();
        Map<String, CommandSpec> groups = command.mixins().get(optionsMixin).mixins();
        Set<OptionSpec> grouped = new HashSet<>();
        groups.values().forEach(g -> grouped.addAll(g.options()));
        var text = new StringBuilder();
        List<OptionSpec> ungrouped = new ArrayList<>();
        for (OptionSpec option : command.options()) {
            if (!grouped.contains(option) && !option.hidden()) {
                ungrouped.add(option);
            }
        }
        text.append(list(help, ungrouped));
        groups.forEach((name, group) -> {
            List<OptionSpec> shown = group.options().stream().filter(o -> !o.hidden()).toList();
            if (!shown.isEmpty()) {
                text.append(String.format("%n%s:%n", name)).append(list(help, shown));
            }
        });
        return text.toString();
    }

    /** The options in the order they are declared, laid out as picocli lays out an option list. */
    private static String list(Help help, List<OptionSpec> options) {
        return help.optionListExcludingGroups(options, help.createDefaultLayout(), null, help.parameterLabelRenderer());
    }
}
