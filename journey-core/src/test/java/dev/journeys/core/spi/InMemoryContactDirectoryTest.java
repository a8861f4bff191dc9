package dev.journeys.core.spi;

import dev.journeys.core.Attributes;
import dev.journeys.core.Consent;
import dev.journeys.core.Contact;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryContactDirectoryTest {

    private static Contact ana() {
        return Contact.of("ana").withZone(ZoneId.of("America/Chicago")).withConsent("email")
                .withConsent(Consent.to("sms", "order-updates")).withWithdrawn(List.of(Consent.to("email", "promotions")))
                .withPreferredChannel("sms")
                .withAttributes(Attributes.of("state", "TX", "loyaltyMember", true, "orders", 12L,
                        "lifetimeValue", new BigDecimal("310.50"), "signedUpAt", Instant.parse("2025-01-02T03:04:05Z"),
                        "tags", List.of("beans", "grinders")));
    }

    @Test
    void findGivesBackAContactEqualToTheOnePutWithItsAttributesInOrder() {
        InMemoryContactDirectory directory = new InMemoryContactDirectory().put(ana()).put(Contact.of("ben"));

        Contact found = directory.find("ana").orElseThrow();
        assertThat(found).isEqualTo(ana());
        assertThat(found.attributes().asMap().keySet())
                .containsExactly("state", "loyaltyMember", "orders", "lifetimeValue", "signedUpAt", "tags");
        assertThat(directory.find("ben")).contains(Contact.of("ben"));
        assertThat(directory.find("cas")).isEmpty();
        assertThat(directory.size()).isEqualTo(2);
    }

    @Test
    void contactsWithTheSameNamesZoneAndConsentsShareOneShape() {
        InMemoryContactDirectory directory = new InMemoryContactDirectory();
        for (int i = 0; i < 1_000; i++) {
            directory.put(Contact.of("c" + i).withConsent("email")
                    .withAttributes(Attributes.of("state", i % 2 == 0 ? "TX" : "CA", "orders", (long) i)));
        }
        directory.put(Contact.of("other").withAttributes(Attributes.of("orders", 1L, "state", "TX")));

        assertThat(directory.shapes()).isEqualTo(2);
        assertThat(directory.find("c7").orElseThrow().attributes().string("state")).contains("CA");
        assertThat(directory.find("c7").orElseThrow().attributes().number("orders")).contains(BigDecimal.valueOf(7));
    }

    @Test
    void updateChangesAContactAtomicallyAndKeepsItsId() {
        InMemoryContactDirectory directory = new InMemoryContactDirectory().put(ana());

        Contact changed = directory.update("ana", c -> c.withoutConsent("email")
                .withAttributes(c.attributes().with("state", "OK")));

        assertThat(directory.find("ana")).contains(changed);
        assertThat(changed.attributes().string("state")).contains("OK");
        assertThatThrownBy(() -> directory.update("ana", c -> Contact.of("bob")))
                .hasMessage("a change may not change the contact's id, was 'ana', became 'bob'");
        assertThatThrownBy(() -> directory.update("cas", c -> c)).hasMessageContaining("no contact with id 'cas'");
        assertThat(directory.find("ana")).contains(changed);
    }

    @Test
    void pageWalksTheIdsInOrderAndRemoveForgetsAContact() {
        InMemoryContactDirectory directory = new InMemoryContactDirectory();
        for (String id : List.of("d", "b", "a", "c", "e")) {
            directory.put(Contact.of(id));
        }
        assertThat(directory.remove("c")).isTrue();
        assertThat(directory.remove("c")).isFalse();

        assertThat(directory.page(Optional.empty(), 2)).extracting(Contact::id).containsExactly("a", "b");
        assertThat(directory.page(Optional.of("b"), 2)).extracting(Contact::id).containsExactly("d", "e");
        assertThat(directory.find("c")).isEmpty();
    }
}
