package dev.dendrite.recommend;

import dev.dendrite.data.DataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InteractionReaderTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsMovieLensRatingsCsvWithItsHeader() throws IOException {
        Path p = file("ratings.csv", "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n"
                + "7,31,4.0,1260759100\n");
        Interactions d = InteractionReader.read(p);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.users().names()).containsExactly("1", "7");
        assertThat(d.items().names()).containsExactly("31", "1029");
        assertThat(d.user(2)).isEqualTo(1);
        assertThat(d.item(2)).isEqualTo(0);
        assertThat(d.rating(1)).isEqualTo(3.0f);
        assertThat(d.time(0)).isEqualTo(1260759144.0);
    }

    @Test
    void readsTabSeparatedUDataWithoutHeader() throws IOException {
        Path p = file("u.data", "196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t302\t1\t878887116\n");
        Interactions d = InteractionReader.read(p);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.users().names()).containsExactly("196", "186");
        assertThat(d.itemCount()).isEqualTo(2);
    }

    @Test
    void readsDoubleColonSeparatedRatingsDat() throws IOException {
        Path p = file("ratings.dat", "1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n");
        Interactions d = InteractionReader.read(p);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.items().names()).containsExactly("1193", "661");
        assertThat(d.rating(2)).isEqualTo(4f);
    }

    @Test
    void stringIdsAndPairsOnlyAreOrderedAsListed() throws IOException {
        Path p = file("pairs.csv", "alice,tt01\nbob,tt02\nalice,tt02\n");
        Interactions d = InteractionReader.read(p);
        assertThat(d.users().names()).containsExactly("alice", "bob");
        assertThat(Float.isNaN(d.rating(0))).isTrue();
        // without times the file order decides: alice's latest is tt02
        int[] alice = d.byUser()[0];
        assertThat(d.items().name(d.item(alice[alice.length - 1]))).isEqualTo("tt02");
    }

    @Test
    void aThresholdKeepsOnlyRatingsAtLeastIt() throws IOException {
        Path p = file("r.csv", "u,i,r\n1,a,4\n1,b,3.5\n2,a,5\n2,c,1\n");
        Interactions d = InteractionReader.read(p, new InteractionReader.Options(4f, null));
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.items().names()).containsExactly("a");
    }

    @Test
    void aRepeatedPairIsKeptOnceAtItsLatestTime() throws IOException {
        Path p = file("r.csv", "1,a,4,100\n1,b,3,50\n1,a,2,300\n");
        Interactions d = InteractionReader.read(p);
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.time(0)).isEqualTo(300.0);
        assertThat(d.rating(0)).isEqualTo(2f);
    }

    @Test
    void malformedFilesGetOneLineErrorsNamingFileAndLine() throws IOException {
        Path ragged = file("ragged.csv", "1,a,4,100\n1,b,3\n");
        assertThatThrownBy(() -> InteractionReader.read(ragged)).isInstanceOf(DataException.class)
                .hasMessage(ragged + " line 2: 3 columns, expected 4");
        Path badRating = file("bad.csv", "userId,movieId,rating,timestamp\n1,a,good,100\n");
        assertThatThrownBy(() -> InteractionReader.read(badRating))
                .hasMessage(badRating + " line 2 column 3: \"good\" is not a number, expected a rating");
        Path empty = file("empty.csv", "");
        assertThatThrownBy(() -> InteractionReader.read(empty))
                .hasMessage(empty + ": empty file, expected user,item[,rating][,timestamp] rows");
        Path one = file("one.csv", "1\n2\n");
        assertThatThrownBy(() -> InteractionReader.read(one))
                .hasMessage(one + " line 1: 1 column, expected user,item[,rating][,timestamp]");
        Path pairs = file("pairs.csv", "1,a\n");
        assertThatThrownBy(() -> InteractionReader.read(pairs, new InteractionReader.Options(3f, null)))
                .hasMessage(pairs + " line 1: a rating threshold needs a rating column, found only user,item");
        Path nan = file("nan.csv", "1,a,NaN,5\n");
        assertThatThrownBy(() -> InteractionReader.read(nan))
                .hasMessage(nan + " line 1 column 3: NaN is not a finite number, expected a rating");
    }
}
