package org.nljdbc.guard.outside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nljdbc.guard.Dialect;
import org.nljdbc.guard.Policy;
import org.nljdbc.guard.SqlGuard;
import org.nljdbc.guard.Verdict;
import org.nljdbc.guard.VisibleSchema;

/** Outside the guard's package, as the translator and the driver are: an accepted verdict comes only from the guard. */
class AcceptedVerdictTest {

    @Test
    void onlyTheGuardPackageCanConstructAnAcceptedVerdict() {
        Constructor<?>[] constructors = Verdict.Accepted.class.getDeclaredConstructors();
        assertTrue(constructors.length > 0);
        for (Constructor<?> c : constructors) {
            assertFalse(Modifier.isPublic(c.getModifiers()) || Modifier.isProtected(c.getModifiers()), c.toString());
        }
        Constructor<?> c = constructors[0];
        assertThrows(IllegalAccessException.class, () -> c.newInstance("DELETE FROM t", List.of(), List.of()));
    }

    @Test
    void theGuardsAcceptedVerdictCarriesTheCheckedTextAndHidesParameterValuesFromToString() {
        SqlGuard guard = new SqlGuard(Policy.defaults());
        Verdict v = guard.check("SELECT a FROM t", Dialect.H2,
                VisibleSchema.of(List.of(new VisibleSchema.Table(null, "t", List.of("a")))));

        Verdict.Accepted accepted = assertInstanceOf(Verdict.Accepted.class, v);
        assertTrue(accepted.sql().startsWith("SELECT a FROM t"), accepted.sql());
        assertEquals(accepted.sql(), ((Verdict.Accepted) guard.check("SELECT a FROM t", Dialect.H2,
                VisibleSchema.of(List.of(new VisibleSchema.Table(null, "t", List.of("a")))))).sql());
        assertTrue(accepted.toString().contains("parameters=0"), accepted.toString());
    }
}
