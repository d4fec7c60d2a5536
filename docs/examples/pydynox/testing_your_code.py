"""Testing code that uses pydynox: MemoryBackend answers every call in memory, with fakedynamo.

Under pytest, ask for the pydynox_memory_backend fixture (it comes with the
package): the test below takes it as an argument. Run as a script, this file
enters a MemoryBackend itself and calls the tests.
"""

from pydynox import Model, ModelConfig
from pydynox.attributes import NumberAttribute, StringAttribute
from pydynox.testing import MemoryBackend
from pydynox.testing.memory import MemoryClient


class Player(Model):
    model_config = ModelConfig(table="players")  # no client: the backend supplies it

    pk = StringAttribute(partition_key=True)
    name = StringAttribute()
    score = NumberAttribute(default=0)


# The code under test.
def register(player_id: str, name: str) -> Player:
    player = Player(pk=player_id, name=name)
    player.sync_save(condition=Player.pk.not_exists())
    return player


def award(player_id: str, points: int) -> None:
    Player.sync_update_by_key(pk=player_id, condition=Player.pk.exists(), score=points)


# The tests.
def test_register_stores_the_player(pydynox_memory_backend: MemoryBackend) -> None:
    register("P1", "Ada")
    # Tables are made from the model on first use; look at what was stored.
    assert pydynox_memory_backend.tables["players"]["P1"] == {"pk": "P1", "name": "Ada", "score": 0}


def test_seeded_players_can_be_awarded() -> None:
    with MemoryBackend(seed={"players": [{"pk": "P7", "name": "Bob", "score": 3}]}) as backend:
        award("P7", 10)
        assert Player.sync_get(pk="P7").score == 10
        # The backend's client is pydynox's default client for the duration.
        assert isinstance(backend.client, MemoryClient)
        assert backend.client.sync_get_item("players", {"pk": "P7"})["score"] == 10


if __name__ == "__main__":
    with MemoryBackend() as backend:
        test_register_stores_the_player(backend)
    assert backend.tables == {}  # left behind: nothing
    test_seeded_players_can_be_awarded()
