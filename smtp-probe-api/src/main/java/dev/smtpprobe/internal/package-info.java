/** Implementation details of the API module; not exported. */
package dev.smtpprobe.internal;
