package org.nljdbc.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a user of the driver can reach: its public API speaks only its own and the JDK's types. */
class PublicSurfaceTest {
    @Test
    void nlResultReturnsOnlyItsOwnAndTheJdksTypes() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> c : List.of(NlResult.class, NlResult.FollowUp.class, NlResult.Chart.class,
                NlResult.Attempt.class)) {
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers())) {
                    check(m.getGenericReturnType(), c.getSimpleName() + "." + m.getName(), leaks);
                    for (Type p : m.getGenericParameterTypes()) {
                        check(p, c.getSimpleName() + "." + m.getName(), leaks);
                    }
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    private static void check(Type t, String where, List<String> leaks) {
        if (t instanceof ParameterizedType p) {
            check(p.getRawType(), where, leaks);
            for (Type a : p.getActualTypeArguments()) {
                check(a, where, leaks);
            }
        } else if (t instanceof Class<?> c) {
            Class<?> base = c.isArray() ? c.getComponentType() : c;
            if (!base.isPrimitive() && !base.getName().startsWith("java.")
                    && !base.getName().startsWith("org.nljdbc.driver.")) {
                leaks.add(where + " -> " + base.getName());
            }
        }
    }
}
