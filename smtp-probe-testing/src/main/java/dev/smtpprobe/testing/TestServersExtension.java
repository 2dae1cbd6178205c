package dev.smtpprobe.testing;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts the test kit's servers for the parameters that ask for them and stops them when
 * the method (or, for a constructor or {@code @BeforeAll} parameter, the class) is done:
 * <ul>
 *   <li>{@link FakeSmtpServer}: a served conversation configured by {@link SmtpServer} (defaults without it), or
 *       the {@link ExchangeProfile} with {@code @SmtpServer(exchange = true)};</li>
 *   <li>{@link ServerCertificate}: the certificate the method's TLS server presents, made for 127.0.0.1 (one per
 *       method, shared by its parameters);</li>
 *   <li>{@link FakeDnsServer}: an empty scripted DNS server, to fill in the test.</li>
 * </ul>
 *
 * <pre>{@code
 * @ExtendWith(TestServersExtension.class)
 * class MyMailerTest {
 *     @Test
 *     void sendsOverStartTls(@SmtpServer(startTls = true) FakeSmtpServer server, ServerCertificate cert) { ... }
 * }
 * }</pre>
 */
public final class TestServersExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            TestServersExtension.class);
    private static final List<Class<?>> TYPES = List.of(FakeSmtpServer.class, ServerCertificate.class,
            FakeDnsServer.class);

    /** Creates the extension (JUnit does, for {@code @ExtendWith}). */
    public TestServersExtension() {}

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return TYPES.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (type == ServerCertificate.class) {
            return certificate(store);
        }
        if (type == FakeDnsServer.class) {
            return closing(store, new FakeDnsServer()).resource;
        }
        SmtpServer settings = parameter.findAnnotation(SmtpServer.class).orElse(null);
        if (settings != null && settings.exchange()) {
            return closing(store, exchange(settings, store)).resource;
        }
        FakeSmtpServer.Builder builder = FakeSmtpServer.builder();
        if (settings != null) {
            builder.hostName(settings.hostName()).pipelining(settings.pipelining()).chunking(settings.chunking())
                    .smtputf8(settings.smtputf8());
            if (settings.startTls()) {
                builder.startTls(certificate(store).serverContext());
            }
            if (settings.implicitTls()) {
                builder.implicitTls(certificate(store).serverContext());
            }
            for (String user : settings.users()) {
                String[] account = account(user, settings);
                builder.user(account[0], account[1]);
            }
        }
        return closing(store, builder.start()).resource;
    }

    private static FakeSmtpServer exchange(SmtpServer settings, ExtensionContext.Store store) {
        ExchangeProfile profile = ExchangeProfile.seed();
        if (settings.startTls() != (settings.users().length > 0)) {
            throw new ParameterResolutionException("@SmtpServer(exchange = true) takes startTls and users together"
                    + " (STARTTLS, then AUTH inside TLS), or neither");
        }
        if (settings.startTls()) {
            String[] account = account(settings.users()[0], settings);
            profile = profile.withTlsAndAuth(certificate(store).serverContext(), account[0], account[1]);
        }
        return profile.start();
    }

    private static String[] account(String user, SmtpServer settings) {
        int colon = user.indexOf(':');
        if (colon < 1) {
            throw new ParameterResolutionException("@SmtpServer users are \"name:password\", not "
                    + Arrays.toString(settings.users()));
        }
        return new String[] {user.substring(0, colon), user.substring(colon + 1)};
    }

    private static ServerCertificate certificate(ExtensionContext.Store store) {
        return store.getOrComputeIfAbsent(ServerCertificate.class, k -> ServerCertificate.forHost("127.0.0.1"),
                ServerCertificate.class);
    }

    private static <T extends AutoCloseable> Closing<T> closing(ExtensionContext.Store store, T resource) {
        var closing = new Closing<>(resource);
        store.put(closing, closing);
        return closing;
    }

    /** Closes its resource when the store of its extension context is closed. */
    @SuppressWarnings("deprecation") // CloseableResource for JUnit before 5.13, AutoCloseable for the newer ones
    private static final class Closing<T extends AutoCloseable>
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final T resource;

        Closing(T resource) {
            this.resource = resource;
        }

        @Override
        public void close() throws Exception {
            resource.close();
        }
    }
}
