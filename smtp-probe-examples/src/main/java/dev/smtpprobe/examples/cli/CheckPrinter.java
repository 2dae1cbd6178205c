package dev.smtpprobe.examples.cli;

/** Shows a {@code --check} run: {@link CheckTextPrinter} as readable blocks, {@link CheckJsonPrinter} as JSON. */
interface CheckPrinter {

    /** A remark of the command line itself, before the checks run (which server, how many checks). */
    void note(String text);

    /** The end: every report and the verdict. */
    void finish(CheckResult result);
}
