/** The Netty transport's implementation; not exported. */
package dev.smtpprobe.netty.internal;
